import { describe, expect, it } from 'vitest';
import {
  CHANNELS,
  buildAuth,
  buildSubscribe,
  buildUnsubscribe,
  formatTopic,
  parseAckMessage,
  parseClientMessage,
  parseTopic,
  splitTopics,
  subscribedMessage,
  unsubscribedMessage,
} from '../../src/massive/client-messages.js';
import { FUZZ_TIMEOUT, anyJson, fc } from './fuzz.js';

const symbolChars = 'ABCXYZabc0129.:_-*';
const symbol = fc.oneof(
  fc.constant('*'),
  fc.string({ unit: fc.constantFrom(...symbolChars), minLength: 1, maxLength: 42 }),
  fc.string({ maxLength: 6 }),
);
const topicText = fc.oneof(
  fc.tuple(fc.oneof(fc.constantFrom(...CHANNELS), fc.string({ maxLength: 4 })), symbol).map(([c, s]) => `${c}.${s}`),
  fc.string(),
);
/** Client frames: well-formed, nearly well-formed and junk, as text or Buffer. */
const frame = fc.oneof(
  fc
    .record(
      {
        action: fc.oneof(fc.constantFrom('auth', 'subscribe', 'unsubscribe', 'AUTH'), anyJson()),
        params: fc.oneof(
          fc.array(topicText, { maxLength: 4 }).map((t) => t.join(',')),
          anyJson(),
        ),
      },
      { requiredKeys: [] },
    )
    .map((o) => JSON.stringify(o)),
  anyJson().map((v) => JSON.stringify(v)),
  fc.string({ unit: 'binary' }),
);

describe('client messages the proxy accepts (property)', () => {
  it(
    'parseClientMessage never throws; ok only for an object with a known action and string params',
    () => {
      fc.assert(
        fc.property(frame, fc.boolean(), (text, asBuffer) => {
          const parsed = parseClientMessage(asBuffer ? Buffer.from(text) : text);
          let value: unknown;
          try {
            value = JSON.parse(text);
          } catch {
            expect(parsed).toEqual({ ok: false, reason: 'invalid_json' });
            return;
          }
          const o = value as { action?: unknown; params?: unknown };
          const good =
            typeof value === 'object' &&
            value !== null &&
            !Array.isArray(value) &&
            ['auth', 'subscribe', 'unsubscribe'].includes(o.action as string) &&
            typeof o.params === 'string';
          expect(parsed.ok).toBe(good);
          if (parsed.ok) expect(parsed).toEqual({ ok: true, action: o.action, params: o.params });
        }),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'round-trip: built frames parse back to their action and topics',
    () => {
      const topics = fc.array(
        topicText.map((t) => t.replace(/,/g, '').trim()).filter((t) => t !== ''),
        { maxLength: 5 },
      );
      fc.assert(
        fc.property(topics, fc.string(), (ts, key) => {
          for (const [build, action] of [
            [buildSubscribe, 'subscribe'],
            [buildUnsubscribe, 'unsubscribe'],
          ] as const) {
            const parsed = parseClientMessage(build(ts));
            expect(parsed).toEqual({ ok: true, action, params: ts.join(',') });
            if (parsed.ok) expect(splitTopics(parsed.params)).toEqual(ts);
          }
          expect(parseClientMessage(buildAuth(key))).toEqual({ ok: true, action: 'auth', params: key });
        }),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'parseTopic accepts only known channels and ticker-shaped symbols, and formats back to its input',
    () => {
      fc.assert(
        fc.property(topicText, (text) => {
          const topic = parseTopic(text);
          if (topic === undefined) return;
          expect(CHANNELS).toContain(topic.channel);
          expect(topic.symbol === '*' || /^[A-Za-z0-9][A-Za-z0-9.:_-]{0,39}$/.test(topic.symbol)).toBe(true);
          expect(formatTopic(topic)).toBe(text);
          expect(formatTopic(topic.channel, topic.symbol)).toBe(text);
        }),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'round-trip: an ack text reads back as what it acknowledges',
    () => {
      fc.assert(
        fc.property(fc.string(), (topic) => {
          expect(parseAckMessage(subscribedMessage(topic))).toEqual({ action: 'subscribe', topic });
          expect(parseAckMessage(unsubscribedMessage(topic))).toEqual({ action: 'unsubscribe', topic });
        }),
      );
    },
    FUZZ_TIMEOUT,
  );
});

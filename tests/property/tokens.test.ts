import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/lib/clock.js';
import { createTokenIssuer } from '../../src/proxy/tokens.js';
import { FUZZ_TIMEOUT, fc } from './fuzz.js';

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function issuer(clock = new ManualClock(1_700_000_000_000)) {
  return { clock, tokens: createTokenIssuer({ clock, secret: Buffer.alloc(32, 9), ttlMs: 60_000 }) };
}

/** The same MAC bytes spelled differently: the last character with other unused low bits. */
function respellLastChar(token: string, flip: number): string {
  const last = B64URL.indexOf(token.at(-1)!);
  // A 32-byte MAC is 43 characters carrying 258 bits: the last character's 2 low bits are unused.
  return token.slice(0, -1) + B64URL[last ^ flip];
}

describe('tokens (property)', () => {
  it(
    'round-trip: every issued token verifies to its client id and expiry',
    () => {
      const { clock, tokens } = issuer();
      fc.assert(
        fc.property(fc.string({ unit: 'binary' }), fc.integer({ min: 1, max: 1e9 }), (clientId, ttl) => {
          expect(tokens.verify(tokens.issue(clientId, ttl))).toEqual({
            ok: true,
            clientId,
            expiresAt: clock.now() + ttl,
          });
        }),
      );
    },
    FUZZ_TIMEOUT,
  );

  it('refuses the same MAC spelled with other unused low bits in its last character', () => {
    const { tokens } = issuer();
    const token = tokens.issue('watch-1');
    const mac = token.split('.')[2]!;
    expect(mac).toHaveLength(43);
    for (const flip of [1, 2, 3]) {
      const respelled = respellLastChar(token, flip);
      // Node decodes both spellings to the very same bytes: this is the malleability refused.
      expect(Buffer.from(respelled.split('.')[2]!, 'base64url')).toEqual(Buffer.from(mac, 'base64url'));
      expect(tokens.verify(respelled)).toMatchObject({ ok: false, code: 'TOKEN_INVALID' });
    }
    expect(tokens.verify(token).ok).toBe(true);
  });

  it(
    'a token string has one valid spelling: any edit of one character, or one inserted, is refused',
    () => {
      const { tokens } = issuer();
      const token = tokens.issue('watch-1');
      fc.assert(
        fc.property(
          fc.nat({ max: token.length - 1 }),
          fc.string({ minLength: 1, maxLength: 1, unit: 'binary-ascii' }),
          fc.boolean(),
          (at, ch, insert) => {
            const edited = insert
              ? token.slice(0, at) + ch + token.slice(at)
              : token.slice(0, at) + ch + token.slice(at + 1);
            if (edited === token) return;
            expect(tokens.verify(edited)).toMatchObject({ ok: false, code: 'TOKEN_INVALID' });
          },
        ),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'random strings (and random mt1.x.y shapes) never verify and never throw',
    () => {
      const { tokens } = issuer();
      const part = fc.string({ unit: fc.constantFrom(...B64URL, '=', '+', '/', '.', ' ') });
      const text = fc.oneof(
        fc.string({ unit: 'binary' }),
        fc.tuple(part, part).map(([p, m]) => `mt1.${p}.${m}`),
      );
      fc.assert(
        fc.property(text, (t) => {
          expect(tokens.verify(t).ok).toBe(false);
        }),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'a token signed by another secret is refused, whatever its client id',
    () => {
      const clock = new ManualClock(0);
      const mine = createTokenIssuer({ clock, secret: Buffer.alloc(32, 1) });
      const theirs = createTokenIssuer({ clock, secret: Buffer.alloc(32, 2) });
      fc.assert(
        fc.property(fc.string(), (clientId) => {
          expect(mine.verify(theirs.issue(clientId))).toMatchObject({ ok: false, code: 'TOKEN_INVALID' });
        }),
      );
    },
    FUZZ_TIMEOUT,
  );
});

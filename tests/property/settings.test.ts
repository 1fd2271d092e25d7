import { describe, expect, it } from 'vitest';
import { SETTINGS, formatSetting, settingFromJson, type SettingName } from '../../src/config/index.js';
import { parseConfigText } from '../../src/config/file-read.js';
import { findJsonFault } from '../../src/config/json-fault.js';
import { isMassiveError } from '../../src/lib/errors.js';
import { FUZZ_TIMEOUT, anyJson, fc } from './fuzz.js';

const NAMES = Object.keys(SETTINGS) as SettingName[];

/** Text a user might type for a setting: words, numbers, separators, tickers, junk. */
const settingText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc
    .tuple(
      fc.array(fc.oneof(fc.double(), fc.integer(), fc.constantFrom('SPY', 'brk.b', 'I:SPX', 'auto', 'free', 'light')), {
        maxLength: 5,
      }),
      fc.constantFrom(' ', ',', ';', ', '),
    )
    .map(([xs, sep]) => xs.join(sep)),
  fc.array(fc.double({ min: 0, max: 1e4, noNaN: true }), { minLength: 3, maxLength: 4 }).map((xs) => xs.join(' ')),
  fc.constantFrom('0.4 0.8 0.25', '3 8 15', '1000 100 10', '0.05 0.25 3 10', 'SPY>600;flow.premium>1e6', '-0', '1e400'),
);

/** Calls a parser and returns its value, or undefined when it refused with a CONFIG error. */
function parseOrRefuse(name: SettingName, text: string): unknown {
  try {
    return SETTINGS[name].parse(text);
  } catch (error) {
    if (!isMassiveError(error, 'CONFIG')) throw error;
    return undefined;
  }
}

/** JSON-ish text: valid documents, and the same documents cut, spliced and sprinkled with junk. */
const jsonishText = fc.oneof(
  anyJson().map((v) => JSON.stringify(v, null, 2)),
  fc.tuple(anyJson(), fc.nat(), fc.string({ maxLength: 3 })).map(([v, at, junk]) => {
    const t = JSON.stringify(v);
    const i = at % (t.length + 1);
    return t.slice(0, i) + junk + t.slice(i);
  }),
  fc.tuple(anyJson(), fc.nat()).map(([v, cut]) => {
    const t = JSON.stringify(v);
    return t.slice(0, cut % (t.length + 1));
  }),
  fc.string(),
);

describe('settings parsers (property)', () => {
  it(
    'accept or refuse with a CONFIG error, never anything else',
    () => {
      fc.assert(
        fc.property(fc.constantFrom(...NAMES), settingText, (name, text) => {
          parseOrRefuse(name, text);
        }),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'round-trip: what a parser accepted, formatted and parsed again (as config set, env or the file would), is the same value',
    () => {
      fc.assert(
        fc.property(fc.constantFrom(...NAMES), settingText, (name, text) => {
          const value = parseOrRefuse(name, text);
          if (value === undefined) return;
          expect(SETTINGS[name].parse(formatSetting(name, value))).toEqual(value);
          // config.json stores the value as JSON; reading it back goes through settingFromJson.
          expect(settingFromJson(name, JSON.parse(JSON.stringify(value)))).toEqual(value);
        }),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'numeric settings never accept a negative, NaN or infinite number',
    () => {
      fc.assert(
        fc.property(fc.constantFrom(...NAMES), settingText, (name, text) => {
          const value = parseOrRefuse(name, text);
          const numbers = typeof value === 'number' ? [value] : Array.isArray(value) ? value : [];
          for (const n of numbers) if (typeof n === 'number') expect(Number.isFinite(n) && n >= 0).toBe(true);
        }),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'a stored JSON value of any shape is read as a setting or refused with a CONFIG error naming it',
    () => {
      fc.assert(
        fc.property(fc.constantFrom(...NAMES), anyJson(), (name, json) => {
          try {
            settingFromJson(name, json);
          } catch (error) {
            expect(isMassiveError(error, 'CONFIG')).toBe(true);
            expect((error as Error).message.startsWith(`${name}:`)).toBe(true);
          }
        }),
      );
    },
    FUZZ_TIMEOUT,
  );
});

describe('config file text (property)', () => {
  it(
    'findJsonFault agrees with JSON.parse on what is valid, and points inside the text',
    () => {
      fc.assert(
        fc.property(jsonishText, (text) => {
          let valid = true;
          try {
            JSON.parse(text);
          } catch {
            valid = false;
          }
          const fault = findJsonFault(text);
          expect(fault === undefined).toBe(valid);
          if (fault) {
            expect(fault.offset).toBeGreaterThanOrEqual(0);
            expect(fault.offset).toBeLessThanOrEqual(text.length);
            expect(fault.line).toBe(text.slice(0, fault.offset).split('\n').length);
          }
        }),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'a config text is an object of settings or a CONFIG error with a line and column, never quoting the text',
    () => {
      fc.assert(
        fc.property(jsonishText, fc.constantFrom('k_SECRET_a1', 'zz9'), (text, secret) => {
          const withSecret = text.replace(/"[^"]*"/, `"${secret}"`);
          try {
            const raw = parseConfigText(withSecret, '/cfg/config.json');
            expect(typeof raw === 'object' && raw !== null && !Array.isArray(raw)).toBe(true);
          } catch (error) {
            expect(isMassiveError(error, 'CONFIG')).toBe(true);
            const message = (error as Error).message;
            expect(message).toContain('/cfg/config.json');
            expect(message).toContain('massive config reset');
            expect(message).not.toContain(secret);
          }
        }),
      );
    },
    FUZZ_TIMEOUT,
  );

  it('survives nesting deeper than the call stack', () => {
    const deep = '['.repeat(200_000) + ']'.repeat(199_999);
    expect(findJsonFault(deep)).toMatchObject({ line: 1, column: 400_000, expected: "',' or ']'" });
  });
});

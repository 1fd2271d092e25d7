import { describe, expect, it } from 'vitest';
import { MassiveError } from '../../../src/lib/errors.js';
import { flowOption, intOption } from '../../../src/cli/option-parsers.js';

function usage(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(MassiveError);
    expect((error as MassiveError).code).toBe('USAGE');
    return (error as Error).message;
  }
  throw new Error('expected a usage error');
}

describe('whole-number flags', () => {
  it.each([
    ['0', {}, 0],
    ['7', {}, 7],
    ['65535', { max: 65535 }, 65535],
    ['1', { min: 1, max: 86400 }, 1],
  ])('takes %j within %j', (text, bounds, expected) => {
    expect(intOption('n', text, 99, bounds)).toBe(expected);
  });

  it('falls back when the flag is absent', () => {
    expect(intOption('seed', undefined, 7)).toBe(7);
  });

  it.each([
    ['seed', '-1', {}, '--seed takes a whole number ≥ 0, got "-1"'],
    ['limit', '0', { min: 1 }, '--limit takes a whole number ≥ 1, got "0"'],
    ['port', '65536', { max: 65535 }, '--port takes a whole number from 0 to 65535, got "65536"'],
    ['ttl', '0', { min: 1, max: 86400 }, '--ttl takes a whole number from 1 to 86400, got "0"'],
  ])('refuses --%s %j out of range with one message', (name, text, bounds, message) => {
    expect(usage(() => intOption(name, text, 0, bounds))).toBe(message);
  });

  // Number() alone would read each of these as a number.
  it.each(['', ' 7', '7 ', '0x10', '1e3', '1.5', '7.0', '+7', 'NaN', 'Infinity'])('refuses %j', (text) => {
    expect(usage(() => intOption('seed', text, 0))).toMatch(/^--seed takes a whole number ≥ 0, got /);
  });
});

describe('--flow', () => {
  it.each(['window', 'firehose', 'off'] as const)('takes %s', (mode) => {
    expect(flowOption(mode, 'window')).toBe(mode);
  });

  it('falls back to the setting when absent', () => {
    expect(flowOption(undefined, 'off')).toBe('off');
  });

  it('refuses anything else, naming the modes', () => {
    expect(usage(() => flowOption('Window', 'window'))).toBe('--flow takes window, firehose or off, got "Window"');
  });
});

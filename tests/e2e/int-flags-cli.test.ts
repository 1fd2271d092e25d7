import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('whole-number flags (built binary)', () => {
  it.each([
    ['watch', ['watch', 'SPY', '--demo', '--json', '--seed', '-1']],
    ['chain', ['chain', 'SPY', '--demo', '--seed', '-1']],
    ['levels', ['levels', 'SPY', '--demo', '--seed', '-1']],
    ['proxy', ['proxy', '--demo', '--seed', '-1']],
    ['sim', ['sim', '--seed', '-1']],
  ])('%s refuses --seed -1 with the same message and exit 2', async (_name, args) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('massive: --seed takes a whole number ≥ 0, got "-1"\n');
  });
});

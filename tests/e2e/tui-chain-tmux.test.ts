import { afterEach, describe, expect, it } from 'vitest';
import { BIN, ROOT, TEST_CONFIG_DIR } from '../helpers/cli.js';
import { hasTmux, tmuxSession } from '../helpers/tmux.js';

// The option chain, a contract's plan and the levels of the real binary in a real terminal.
const { tmux, send, kill, waitFor } = tmuxSession('chain');

/** A number with more than two decimals: no option price (nor anything else here) may show one. */
const longDecimals = /(?<![\d.])\d+\.\d{3,}/;

describe.skipIf(!hasTmux)('the chain view in a real terminal (tmux)', () => {
  afterEach(() => {
    kill();
  });

  it('shows levels in the detail view, the chain with calls and puts in cents, a contract with its plan', async () => {
    const cols = 120;
    // CI=0: Ink draws only a final frame when it thinks it runs in CI (the tmux server inherits
    // this process's environment). NO_COLOR keeps the markers visible as text.
    const cmd = `cd '${ROOT}' && CI=0 CONTINUOUS_INTEGRATION=0 NO_COLOR=1 MASSIVE_CONFIG_DIR='${TEST_CONFIG_DIR}' '${process.execPath}' '${BIN}' watch SPY QQQ --demo; echo "EXIT=$?"; sleep 30`;
    tmux('new-session', '-d', '-s', 'chain', '-x', String(cols), '-y', '40', cmd);
    await waitFor((t) => /› SPY\s+\d/.test(t) && /QQQ\s+\d/.test(t), 'live rows');

    send('Enter');
    const detail = await waitFor((t) => /Levels call wall \d+/.test(t), 'the levels in the detail view', 30_000);
    expect(detail).toMatch(/max pain \d+/);
    expect(detail).toMatch(/ATM IV \d+\.\d%/);

    send('c');
    const chain = await waitFor(
      (t) => /CALLS\s+Strike\s+PUTS/.test(t) && /►\d+◄/.test(t) && /\d+\.\d\d\s+\d+\.\d\d\s+►/.test(t),
      'the chain with calls and puts',
      30_000,
    );
    expect(chain).toMatch(/SPY [\d,]+\.\d\d option chain · exp \d{4}-\d\d-\d\d \(1\/\d+\)/);
    expect(chain).toMatch(/Bid\s+Ask\s+Bid\s+Ask/);
    const rows = chain.split('\n').filter((l) => /^│.*\d\.\d\d.*│$/.test(l));
    expect(rows.length).toBeGreaterThan(10);
    for (const line of chain.split('\n')) {
      expect(line).not.toMatch(longDecimals);
      expect(line.length).toBeLessThanOrEqual(cols);
    }

    send(']');
    await waitFor((t) => /exp \d{4}-\d\d-\d\d \(2\/\d+\)/.test(t) && /►\d+◄/.test(t), 'the next expiry', 30_000);

    send('Enter');
    const contract = await waitFor(
      (t) => /O:SPY\d{6}C\d{8}/.test(t) && /Quote bid \d+\.\d\d × ask \d+\.\d\d/.test(t) && /Plan \w+ call/.test(t),
      'the contract with its plan',
      30_000,
    );
    expect(contract).toMatch(/Greeks Δ \d\.\d{3}/);
    expect(contract).toMatch(/T1 [\d,]+\.\d\d → \d+\.\d\d/);
    expect(contract).toMatch(/grade [ABCD]/);
    for (const line of contract.split('\n').filter((l) => !l.includes('Greeks')))
      expect(line).not.toMatch(longDecimals);

    send('Escape');
    await waitFor((t) => /CALLS\s+Strike\s+PUTS/.test(t), 'the chain again');
    send('Escape');
    await waitFor((t) => /Levels call wall/.test(t) && !/CALLS\s+Strike/.test(t), 'the detail view again');
    send('q');
    expect(await waitFor((t) => t.includes('EXIT='))).toContain('EXIT=0');
  }, 120_000);
});

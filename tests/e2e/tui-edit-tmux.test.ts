import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../helpers/cli.js';
import { hasTmux, tmuxSession } from '../helpers/tmux.js';

// Watchlist editing in the real binary: the added symbol streams at once and is saved.
const { tmux, send, kill, waitFor } = tmuxSession('edit');

/** The watchlist row of a symbol with a price (not a print on the tape). */
const rowOf = (symbol: string) => new RegExp(`│ [› ] ${symbol.replace('.', '\\.')}\\s+\\d[\\d,]*\\.\\d\\d`);
const rowIndex = (text: string, symbol: string) => text.split('\n').findIndex((l) => rowOf(symbol).test(l));

describe.skipIf(!hasTmux)('editing the watchlist in a real terminal (tmux)', () => {
  let dir: string | undefined;
  afterEach(() => {
    kill();
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  function start(args: string): string {
    dir = mkdtempSync(join(tmpdir(), 'massive-edit-e2e-'));
    const config = join(dir, 'config');
    const cmd = `cd '${ROOT}' && CI=0 CONTINUOUS_INTEGRATION=0 MASSIVE_CONFIG_DIR='${config}' MASSIVE_FLOW_MIN_PREMIUM=1 '${process.execPath}' '${BIN}' watch ${args} --demo; echo "EXIT=$?"; sleep 30`;
    tmux('new-session', '-d', '-s', 'edit', '-x', '120', '-y', '40', cmd);
    return join(config, 'config.json');
  }

  it('a adds a symbol that streams at once and is in the config file after quitting', async () => {
    const file = start('');
    await waitFor((t) => rowOf('SPY').test(t) && rowOf('QQQ').test(t), 'the configured watchlist');
    send('a');
    await waitFor((t) => t.includes('add symbol:'), 'the add prompt');
    send('nvda');
    send('Enter');
    // Streamed: a price, the day's change from the REST seed, and the row's source.
    await waitFor(
      (t) => /› NVDA\s+\d+\.\d\d\s+[+-]\d.* ws /.test(t) && t.includes('added NVDA · saved'),
      'NVDA streaming',
      30_000,
    );
    // Its option flow comes too.
    await waitFor((t) => /\d\d:\d\d:\d\d NVDA /.test(t), 'an NVDA option print', 60_000);
    send('q');
    expect(await waitFor((t) => t.includes('EXIT='))).toContain('EXIT=0');
    expect(JSON.parse(readFileSync(file, 'utf8')).watchlist).toEqual(['SPY', 'QQQ', 'NVDA']);
  }, 120_000);

  it('d, J and K edit a watchlist typed on the command line for the session only', async () => {
    const file = start('SPY QQQ AMD');
    await waitFor((t) => rowOf('SPY').test(t) && rowOf('AMD').test(t), 'live rows');
    send('J');
    // The notice comes at once, the new order with the store's next frame.
    const moved = await waitFor(
      (t) => t.includes('moved SPY down') && rowIndex(t, 'QQQ') >= 0 && rowIndex(t, 'QQQ') < rowIndex(t, 'SPY'),
      'SPY moved down',
    );
    expect(rowIndex(moved, 'SPY')).toBeLessThan(rowIndex(moved, 'AMD'));
    expect(moved).toContain('this session only (symbols from the command line)');
    send('d');
    await waitFor((t) => t.includes('removed SPY') && rowIndex(t, 'SPY') < 0, 'SPY removed');
    send('a', 'x', '!', 'Enter');
    await waitFor((t) => t.includes('invalid symbol "x!"'), 'the refusal');
    send('Escape');
    // Esc then q at once would read as Alt+q: quit once the prompt has closed.
    await waitFor((t) => !t.includes('add symbol:'), 'the prompt closed');
    send('q');
    expect(await waitFor((t) => t.includes('EXIT='))).toContain('EXIT=0');
    expect(existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).watchlist : undefined).toBeUndefined();
  }, 120_000);
});

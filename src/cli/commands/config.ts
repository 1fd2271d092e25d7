import type { Command } from 'commander';
import { DEFAULTS, SETTINGS, type SettingName } from '../../config/index.js';
import {
  configGet,
  configList,
  configPath,
  configReset,
  configSet,
  configUnset,
  type ConfigIo,
} from '../config-command.js';

function io(): ConfigIo {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };
}

const settingsHelp = (Object.keys(DEFAULTS) as SettingName[])
  .map((n) => `  ${n.padEnd(18)} ${SETTINGS[n].describe} (${SETTINGS[n].env})`)
  .join('\n');

const HELP = `
Settings:
${settingsHelp}

Precedence: defaults < config file < MASSIVE_* environment < flags on the command line.
The file is config.json (mode 0600) in $MASSIVE_CONFIG_DIR, else $XDG_CONFIG_HOME/massive,
else ~/.config/massive (mode 0700). A file that is not valid JSON is never overwritten: every
command exits 2 naming its line; fix it in an editor or run \`massive config reset\`.

Examples:
  massive config set apiKey                  paste the key at a hidden prompt (or pipe it in)
  massive config set watchlist SPY QQQ NVDA
  massive config set alerts "SPY>600;flow.premium>1e6"
  massive config list
  massive config reset                       move a broken file aside (config.json.<time>.bak)`;

export function registerConfig(program: Command): void {
  const config = program
    .command('config')
    .description('show and change settings (API key, watchlist, plan, alerts, …)')
    .addHelpText('after', HELP);
  const done = (code: number): void => {
    program.setOptionValue('exitCode', code);
  };
  config
    .command('list')
    .description('every setting with its value and where it comes from (the API key is never shown)')
    .option('--json', 'as a JSON array of {name, value, origin, env}')
    .action((opts: { json?: boolean }) => done(configList(io(), opts)));
  config
    .command('get')
    .description('one setting’s value')
    .argument('<name>', 'setting name, e.g. watchlist')
    .action((name: string) => done(configGet(io(), name)));
  config
    .command('set')
    .description('store a setting in the config file; `set apiKey` with no value reads the key from stdin')
    .argument('<name>', 'setting name, e.g. plan')
    .argument('[value...]', 'the value; lists take several words')
    .action(async (name: string, value: string[]) => done(await configSet(io(), name, value)));
  config
    .command('unset')
    .description('remove a setting from the config file (back to its default)')
    .argument('<name>', 'setting name')
    .action((name: string) => done(configUnset(io(), name)));
  config
    .command('path')
    .description('print the config file’s path')
    .action(() => done(configPath(io())));
  config
    .command('reset')
    .description('move the config file aside to config.json.<time>.bak; settings go back to their defaults')
    .action(() => done(configReset(io())));
}

import { createLogger } from '../lib/logger.js';
import { usageError } from './exit.js';

export interface SimCliOptions {
  readonly port: string;
  readonly host: string;
  readonly key?: string;
  readonly seed: string;
  readonly speed: string;
  readonly at?: string;
}

export const DEFAULT_SIM_KEY = 'demo-key';

function num(name: string, value: string, check: (n: number) => boolean): number {
  const n = Number(value);
  if (!Number.isFinite(n) || !check(n)) throw usageError(`--${name}: invalid value ${JSON.stringify(value)}`);
  return n;
}

/** `massive sim`: serves the simulator until SIGINT/SIGTERM. */
export async function runSim(options: SimCliOptions): Promise<number> {
  const port = num('port', options.port, (n) => Number.isInteger(n) && n >= 0 && n < 65536);
  const seed = num('seed', options.seed, Number.isInteger);
  const speed = num('speed', options.speed, (n) => n > 0 && n <= 10_000);
  if (options.at !== undefined && Number.isNaN(Date.parse(options.at))) throw usageError(`--at: not an ISO time: ${JSON.stringify(options.at)}`);
  const key = options.key ?? DEFAULT_SIM_KEY;
  const { startSimulator } = await import('../sim/index.js');
  const sim = await startSimulator({
    port,
    host: options.host,
    keys: { [key]: 'advanced' },
    seed,
    speed,
    ...(options.at ? { at: options.at } : {}),
    logger: createLogger({ level: 'info', sink: 'stderr', scope: 'sim' }),
  });
  // The simulator's key is a test key, so printing whether it is the default is harmless; the
  // key itself is not echoed, to keep the habit that keys never reach output.
  process.stdout.write(
    `massive sim listening\n  REST      ${sim.httpUrl}\n  WebSocket ${sim.wsUrl}/stocks  /options  /indices\n` +
      `  key       ${options.key ? '(the one given with --key)' : DEFAULT_SIM_KEY}\n` +
      `Use it as upstream: MASSIVE_API_BASE=${sim.httpUrl} MASSIVE_WS_BASE=${sim.wsUrl} MASSIVE_API_KEY=... massive watch SPY\n`,
  );
  await new Promise<void>((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
  await sim.close();
  return 0;
}

/**
 * SIGINT and SIGTERM for the long-running commands (watch, sim, proxy). The first signal starts
 * a graceful stop: the NDJSON writer flushes, sockets close, the daemon removes proxy.json, and
 * the command exits 0. Later signals are ignored while the stop runs, so the stop always finishes
 * and the exit code stays 0 (README, "Exit codes").
 *
 * Why not "a second signal forces the exit": conf's file writer (atomically, through when-exit)
 * answers the first signal by raising it again at its own process, so every stop sees a second
 * signal nobody sent, indistinguishable from one a user sent. Without a handler for it Node would
 * die of it mid-cleanup with no exit code, which is why the handlers stay for the life of the
 * process (it ends with the command). SIGKILL remains the way to end a stop that hangs.
 */

export type ShutdownSignal = 'SIGINT' | 'SIGTERM';

/** What the handlers need of `process`; tests pass an EventEmitter. */
export interface SignalTarget {
  on(signal: ShutdownSignal, listener: () => void): unknown;
}

/** Calls `onSignal` on the first SIGINT or SIGTERM; every later one is ignored. */
export function onShutdownSignal(onSignal: (signal: ShutdownSignal) => void, target: SignalTarget = process): void {
  let seen = false;
  const handle = (signal: ShutdownSignal) => {
    if (seen) return;
    seen = true;
    onSignal(signal);
  };
  target.on('SIGINT', () => handle('SIGINT'));
  target.on('SIGTERM', () => handle('SIGTERM'));
}

/** Resolves on the first SIGINT or SIGTERM (sim, proxy); later ones are ignored while they stop. */
export function untilSignal(target: SignalTarget = process): Promise<void> {
  return new Promise<void>((resolve) => onShutdownSignal(() => resolve(), target));
}

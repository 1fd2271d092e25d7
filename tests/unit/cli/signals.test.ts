import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { onShutdownSignal, untilSignal, type ShutdownSignal } from '../../../src/cli/signals.js';

/** A stand-in for `process`: signals are events. */
function fakeProcess() {
  const emitter = new EventEmitter();
  return {
    emitter,
    send: (signal: ShutdownSignal) => emitter.emit(signal),
    target: { on: (s: ShutdownSignal, l: () => void) => emitter.on(s, l) },
  };
}

describe('shutdown signals', () => {
  it.each<ShutdownSignal>(['SIGINT', 'SIGTERM'])('starts the graceful stop on the first %s', (s) => {
    const p = fakeProcess();
    const seen: ShutdownSignal[] = [];
    onShutdownSignal((signal) => seen.push(signal), p.target);
    p.send(s);
    expect(seen).toEqual([s]);
  });

  it.each<[ShutdownSignal, ShutdownSignal]>([
    ['SIGTERM', 'SIGTERM'],
    ['SIGINT', 'SIGTERM'],
  ])('after %s, ignores a second signal (%s) and stays listening so it cannot kill the process', (first, second) => {
    const p = fakeProcess();
    const seen: ShutdownSignal[] = [];
    onShutdownSignal((signal) => seen.push(signal), p.target);
    p.send(first);
    p.send(second);
    expect(seen).toEqual([first]);
    expect(p.emitter.listenerCount('SIGINT')).toBe(1);
    expect(p.emitter.listenerCount('SIGTERM')).toBe(1);
  });

  it('resolves untilSignal on the first signal', async () => {
    const p = fakeProcess();
    let resolved = false;
    const waiting = untilSignal(p.target).then(() => (resolved = true));
    expect(resolved).toBe(false);
    p.send('SIGINT');
    await waiting;
    expect(resolved).toBe(true);
  });
});

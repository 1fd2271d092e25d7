/**
 * Files the product keeps under the config directory (caches, the daemon's address and secret):
 * written beside the target and renamed, so a reader never sees half a file, and readable by the
 * user alone (0600 in a 0700 directory), like the config file itself.
 */
import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Writes `text` to `path` atomically with mode 0600, creating its directory (0700) if needed. */
export function writePrivateFile(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  // Per process: two processes saving the same cache never rename each other's half-written file.
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode: 0o600 });
  // The umask can narrow the mode given to writeFileSync but never widen it; make it exact.
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}

/**
 * Reads a secret (the API key) from stdin so it never lands in argv or shell history: hidden
 * typing on a terminal, the first line of a pipe otherwise (`pass show massive | massive config
 * set apiKey`).
 */
import { MassiveError } from '../lib/errors.js';

export interface SecretIo {
  readonly stdin: NodeJS.ReadStream;
  readonly stderr: NodeJS.WritableStream;
}

function readPipe(stdin: NodeJS.ReadStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    stdin.setEncoding('utf8');
    stdin.on('data', (chunk: string) => (text += chunk));
    stdin.once('end', () => resolve(text.split(/\r?\n/)[0] ?? ''));
    stdin.once('error', reject);
  });
}

function readHidden({ stdin, stderr }: SecretIo, prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    stderr.write(prompt);
    let text = '';
    // Raw mode without echo: nothing typed or pasted appears on screen or in the scrollback.
    stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    stdin.resume();
    const done = (error?: Error): void => {
      stdin.off('data', stdinOnData);
      stdin.setRawMode(false);
      stdin.pause();
      stderr.write('\n');
      if (error) reject(error);
      else resolve(text);
    };
    const stdinOnData = (chunk: string): void => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          done();
          return;
        }
        if (ch === '\u0003') {
          done(new MassiveError('ABORTED', 'cancelled; nothing was saved'));
          return;
        }
        if (ch === '\u007F' || ch === '\b') text = text.slice(0, -1);
        else if (ch >= ' ') text += ch;
      }
    };
    stdin.on('data', stdinOnData);
  });
}

/** The secret, trimmed; an empty answer is a usage error so nothing empty is stored. */
export async function readSecret(io: SecretIo, prompt: string): Promise<string> {
  const text = (io.stdin.isTTY ? await readHidden(io, prompt) : await readPipe(io.stdin)).trim();
  if (text === '') throw new MassiveError('USAGE', 'no key given on stdin; paste it at the prompt or pipe it in');
  return text;
}

import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import { MassiveError } from '../lib/errors.js';

/** A certificate chain and its private key, PEM, for `massive proxy --tls-cert F --tls-key F`. */
export interface ProxyTls {
  readonly cert: string;
  readonly key: string;
}

function readPem(flag: string, file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new MassiveError('CONFIG', `${flag} ${file}: cannot read it (${why})`);
  }
  if (!text.includes('-----BEGIN ')) throw new MassiveError('CONFIG', `${flag} ${file}: not a PEM file`);
  return text;
}

/** Reads and checks the pair: both PEM, and the key matches the certificate. */
export function loadTls(certFile: string, keyFile: string): ProxyTls {
  const cert = readPem('--tls-cert', certFile);
  const key = readPem('--tls-key', keyFile);
  try {
    new X509Certificate(cert);
  } catch {
    throw new MassiveError('CONFIG', `--tls-cert ${certFile}: not an X.509 certificate`);
  }
  try {
    createSecureContext({ cert, key });
  } catch (err) {
    throw new MassiveError(
      'CONFIG',
      `--tls-key ${keyFile} does not go with --tls-cert ${certFile} (${(err as Error).message})`,
    );
  }
  return { cert, key };
}

/** SHA-256 fingerprint of the first certificate in the chain, as `openssl x509 -fingerprint -sha256` shows it. */
export function certificateFingerprint(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256;
}

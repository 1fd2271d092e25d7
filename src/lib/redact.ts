/**
 * Secrets registry: the proxy registers the API key and every token it issues; anything written
 * to logs, traces, errors or NDJSON passes through `redact` first.
 */
const secrets = new Set<string>();

// Query-string and header forms cover secrets we were never told about (a key typed into a URL).
// Quotes may appear escaped (`\"`) when a frame is itself embedded in a JSON string (traces).
const Q = '\\\\?"';
const PATTERNS: readonly RegExp[] = [
  /([?&]apiKey=)[^&\s"'\\]+/gi,
  /([?&]token=)[^&\s"'\\]+/gi,
  /(authorization:\s*bearer\s+)[^\s"',\\]+/gi,
  new RegExp(`(${Q}action${Q}\\s*:\\s*${Q}auth${Q}\\s*,\\s*${Q}params${Q}\\s*:\\s*${Q})[^"\\\\]*`, 'g'),
  new RegExp(`(${Q}params${Q}\\s*:\\s*${Q})[^"\\\\]*(?=${Q}\\s*,\\s*${Q}action${Q}\\s*:\\s*${Q}auth)`, 'g'),
];

export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 4) secrets.add(value);
}

export function forgetSecret(value: string): void {
  secrets.delete(value);
}

export function redact(text: string): string {
  let out = text;
  for (const s of secrets) {
    if (out.includes(s)) out = out.split(s).join('[REDACTED]');
  }
  for (const re of PATTERNS) out = out.replace(re, (_m, head: string) => `${head}[REDACTED]`);
  return out;
}

/**
 * Secrets registry: the proxy registers the API key and every token it issues; anything written
 * to logs, traces, errors or NDJSON passes through `redact` first.
 */
const secrets = new Set<string>();

// Query-string and header forms cover secrets we were never told about (a key typed into a URL).
const PATTERNS: readonly RegExp[] = [
  /([?&]apiKey=)[^&\s"']+/gi,
  /([?&]token=)[^&\s"']+/gi,
  /(authorization:\s*bearer\s+)[^\s"',]+/gi,
  /("params"\s*:\s*")[^"]*(")(?=[^}]*"action"\s*:\s*"auth")/g,
  /("action"\s*:\s*"auth"\s*,\s*"params"\s*:\s*")[^"]*/g,
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
  for (const re of PATTERNS) out = out.replace(re, (_m, head: string, tail?: string) => `${head}[REDACTED]${typeof tail === 'string' ? tail : ''}`);
  return out;
}

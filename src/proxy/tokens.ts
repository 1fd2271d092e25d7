import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../lib/clock.js';
import { forgetSecret, registerSecret } from '../lib/redact.js';

/**
 * Short-lived bearer tokens: `mt1.<payload>.<mac>` with a base64url JSON payload `{c, e, n}`
 * (client id, expiry ms, nonce) and an HMAC-SHA256 over `mt1.<payload>`. Stateless, so a
 * daemon restart with the same secret keeps tokens valid and nothing is stored per client.
 */
const PREFIX = 'mt1';

export type TokenCheck =
  | { readonly ok: true; readonly clientId: string; readonly expiresAt: number }
  | { readonly ok: false; readonly code: 'TOKEN_INVALID' | 'TOKEN_EXPIRED'; readonly reason: string };

export interface TokenIssuer {
  issue(clientId?: string, ttlMs?: number): string;
  verify(token: string | undefined): TokenCheck;
}

export interface TokenIssuerOptions {
  /** HMAC key. @default 32 random bytes */
  readonly secret?: Buffer;
  /** @default 300_000 */
  readonly ttlMs?: number;
  readonly clock: Clock;
}

function mac(secret: Buffer, body: string): Buffer {
  return createHmac('sha256', secret).update(body).digest();
}

export function createTokenIssuer(options: TokenIssuerOptions): TokenIssuer {
  const secret = options.secret ?? randomBytes(32);
  const defaultTtl = options.ttlMs ?? 300_000;
  const { clock } = options;
  // Callers ask for a token per request; handing back one with most of its life left keeps the
  // redaction registry (scanned on every log line) small instead of growing per call.
  const recent = new Map<string, { readonly token: string; readonly expiresAt: number }>();
  return {
    issue(clientId = 'client', ttlMs = defaultTtl) {
      const now = clock.now();
      const cacheKey = `${clientId}\u0000${ttlMs}`;
      const cached = recent.get(cacheKey);
      if (cached && cached.expiresAt - now > ttlMs / 2) return cached.token;
      const payload = Buffer.from(
        JSON.stringify({ c: clientId, e: now + ttlMs, n: randomBytes(6).toString('base64url') }),
      ).toString('base64url');
      const body = `${PREFIX}.${payload}`;
      const token = `${body}.${mac(secret, body).toString('base64url')}`;
      registerSecret(token);
      if (ttlMs > 0) {
        recent.set(cacheKey, { token, expiresAt: now + ttlMs });
        // An expired token is worthless, so it no longer needs redacting.
        clock.setTimeout(() => forgetSecret(token), ttlMs);
      }
      return token;
    },
    verify(token) {
      if (typeof token !== 'string' || token === '') return { ok: false, code: 'TOKEN_INVALID', reason: 'no token' };
      const parts = token.split('.');
      if (parts.length !== 3 || parts[0] !== PREFIX)
        return { ok: false, code: 'TOKEN_INVALID', reason: 'malformed token' };
      const body = `${parts[0]}.${parts[1]}`;
      const given = Buffer.from(parts[2] ?? '', 'base64url');
      // Node's base64url decoder is lenient: it skips foreign characters and ignores the unused
      // low bits of the last character, so several spellings decode to the same MAC. Only the
      // spelling we would have issued is accepted, so a token string has exactly one valid form.
      if (given.toString('base64url') !== parts[2]) {
        return { ok: false, code: 'TOKEN_INVALID', reason: 'malformed token' };
      }
      const expected = mac(secret, body);
      // Length check first: timingSafeEqual throws on unequal lengths.
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return { ok: false, code: 'TOKEN_INVALID', reason: 'bad signature' };
      }
      const payloadBytes = Buffer.from(parts[1] ?? '', 'base64url');
      if (payloadBytes.toString('base64url') !== parts[1]) {
        return { ok: false, code: 'TOKEN_INVALID', reason: 'malformed token' };
      }
      let payload: { c?: unknown; e?: unknown };
      try {
        payload = JSON.parse(payloadBytes.toString('utf8')) as { c?: unknown; e?: unknown };
      } catch {
        return { ok: false, code: 'TOKEN_INVALID', reason: 'malformed token' };
      }
      if (typeof payload.c !== 'string' || typeof payload.e !== 'number') {
        return { ok: false, code: 'TOKEN_INVALID', reason: 'malformed token' };
      }
      if (clock.now() >= payload.e) return { ok: false, code: 'TOKEN_EXPIRED', reason: 'token expired' };
      return { ok: true, clientId: payload.c, expiresAt: payload.e };
    },
  };
}

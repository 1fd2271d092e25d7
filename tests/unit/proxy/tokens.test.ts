import { describe, it, expect } from 'vitest';
import { ManualClock } from '../../../src/lib/clock.js';
import { redact } from '../../../src/lib/redact.js';
import { createTokenIssuer } from '../../../src/proxy/tokens.js';

function issuer(clock = new ManualClock(), secret = Buffer.alloc(32, 7)) {
  return { clock, tokens: createTokenIssuer({ clock, secret, ttlMs: 60_000 }) };
}

describe('createTokenIssuer', () => {
  it('verifies a fresh token and returns its client id and expiry', () => {
    const { clock, tokens } = issuer();
    const t = tokens.issue('watch-1');
    expect(tokens.verify(t)).toEqual({ ok: true, clientId: 'watch-1', expiresAt: clock.now() + 60_000 });
  });

  it('rejects a token once its expiry has passed, as TOKEN_EXPIRED', () => {
    const { clock, tokens } = issuer();
    const t = tokens.issue('a', 1000);
    clock.advance(999);
    expect(tokens.verify(t).ok).toBe(true);
    clock.advance(1);
    expect(tokens.verify(t)).toMatchObject({ ok: false, code: 'TOKEN_EXPIRED' });
  });

  it('rejects a token signed with another secret', () => {
    const clock = new ManualClock();
    const a = createTokenIssuer({ clock, secret: Buffer.alloc(32, 1) });
    const b = createTokenIssuer({ clock, secret: Buffer.alloc(32, 2) });
    expect(b.verify(a.issue('x'))).toMatchObject({ ok: false, code: 'TOKEN_INVALID' });
  });

  it('rejects a token whose payload was edited to extend its life', () => {
    const { clock, tokens } = issuer();
    const [p, , sig] = tokens.issue('x').split('.');
    const forged = Buffer.from(JSON.stringify({ c: 'x', e: clock.now() + 1e12, n: 'zz' })).toString('base64url');
    expect(tokens.verify(`${p}.${forged}.${sig}`)).toMatchObject({ ok: false, code: 'TOKEN_INVALID' });
  });

  it.each([undefined, '', 'abc', 'mt1.x', 'mt1.a.b', 'mt2.a.b', 'mt1..', 'mt1.!!!.###'])(
    'rejects malformed token %s',
    (t) => {
      expect(issuer().tokens.verify(t)).toMatchObject({ ok: false, code: 'TOKEN_INVALID' });
    },
  );

  it('registers issued tokens so logs redact them', () => {
    const t = issuer().tokens.issue('x');
    expect(redact(`token is ${t}`)).not.toContain(t);
  });
});

describe('token reuse', () => {
  it('hands back the same token while it has more than half its life left, then a new one', () => {
    const { clock, tokens } = issuer();
    const a = tokens.issue('w', 10_000);
    clock.advance(4_000);
    expect(tokens.issue('w', 10_000)).toBe(a);
    expect(tokens.issue('other', 10_000)).not.toBe(a);
    clock.advance(2_000);
    const b = tokens.issue('w', 10_000);
    expect(b).not.toBe(a);
    expect(tokens.verify(b)).toMatchObject({ ok: true, expiresAt: clock.now() + 10_000 });
  });

  it('stops redacting a token once it has expired', () => {
    const { clock, tokens } = issuer();
    const t = tokens.issue('w', 1_000);
    expect(redact(t)).not.toContain(t);
    clock.advance(1_000);
    expect(redact(t)).toBe(t);
  });
});

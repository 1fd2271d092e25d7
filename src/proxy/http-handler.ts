import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../lib/logger.js';
import { redact } from '../lib/redact.js';
import type { LimitBook } from './limits.js';
import { guardBody } from './limits-http.js';
import type { ProxyStatus } from './proxy-types.js';
import { errorBody, type RestGateway } from './rest-gateway.js';
import { requestToken, screenRequest } from './security.js';
import type { TokenIssuer } from './tokens.js';

export interface RequestHandlerDeps {
  readonly book: LimitBook;
  readonly allowRemote: boolean;
  readonly tokens: Pick<TokenIssuer, 'verify'>;
  readonly gateway: Pick<RestGateway, 'handle'>;
  /** Answers `/_proxy/status`. */
  readonly status: () => ProxyStatus;
  readonly logger: Logger;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/**
 * The proxy's HTTP side, in the order a request meets it: the body limit, the browser screen
 * (Host and Origin, security.ts), the token, then the status page or the REST gateway.
 */
export function createRequestHandler(d: RequestHandlerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    if (!guardBody(req, res, d.book)) return;
    const rejection = screenRequest(req, { allowRemote: d.allowRemote });
    if (rejection) {
      sendJson(res, rejection.status, errorBody(rejection.status, rejection.reason, 'FORBIDDEN'));
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const check = d.tokens.verify(requestToken(req, url));
    if (!check.ok) {
      sendJson(res, 401, errorBody(401, check.reason, check.code));
      return;
    }
    if (url.pathname === '/_proxy/status') {
      sendJson(res, 200, d.status());
      return;
    }
    d.gateway.handle(req, res, url, check.clientId).catch((err: unknown) => {
      d.logger.error('gateway failure', { error: redact(String(err)) });
      if (!res.headersSent) sendJson(res, 500, errorBody(500, 'proxy internal error', 'INTERNAL'));
    });
  };
}

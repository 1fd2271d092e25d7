import type { IncomingMessage, Server, ServerOptions, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { LimitBook, ProxyLimits } from './limits.js';

/**
 * The HTTP side of the proxy limits. Header size and both timeouts are node:http's own
 * (`maxHeaderSize`, `headersTimeout`, `requestTimeout`); this module sets them, answers their
 * errors with a status line instead of node's bare close, and counts them.
 */
export function httpServerOptions(limits: ProxyLimits): ServerOptions {
  return {
    maxHeaderSize: limits.maxHeaderBytes,
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    // Node checks both timeouts on this period (default 30 s), which would stretch a 10 s limit to 40 s.
    connectionsCheckingInterval: Math.max(10, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 4))),
  };
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  413: 'Content Too Large',
  431: 'Request Header Fields Too Large',
};

function errorJson(status: number, error: string, code: string): string {
  return JSON.stringify({ status: 'ERROR', request_id: 'proxy', error, code, http: status });
}

/** Sockets whose request headers arrived: a timeout on them is the request timeout, not the headers one. */
const inRequest = new WeakSet<object>();
/** Sockets whose current request was already answered: no second response may follow on them. */
const answered = new WeakSet<object>();

/** Counts and answers what node:http refuses before a request handler ever sees it. */
export function guardHttp(server: Server, book: LimitBook): void {
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    inRequest.add(socket);
    answered.delete(socket);
    req.once('end', () => inRequest.delete(socket));
    res.once('finish', () => answered.add(socket));
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    let status = 400;
    let error = 'malformed request';
    let code = 'BAD_REQUEST';
    if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      const whole = inRequest.has(socket);
      book.count(whole ? 'requestTimeout' : 'headersTimeout');
      status = 408;
      const ms = whole ? book.limits.requestTimeoutMs : book.limits.headersTimeoutMs;
      error = `request ${whole ? 'body' : 'headers'} not received within ${ms} ms`;
      code = 'REQUEST_TIMEOUT';
    } else if (err.code === 'HPE_HEADER_OVERFLOW') {
      book.count('headerBytes');
      status = 431;
      error = `request headers larger than ${book.limits.maxHeaderBytes} bytes`;
      code = 'HEADERS_TOO_LARGE';
    }
    if (err.code === 'ECONNRESET' || !socket.writable || answered.has(socket)) {
      socket.destroy();
      return;
    }
    const body = errorJson(status, error, code);
    socket.end(
      `HTTP/1.1 ${status} ${REASONS[status]}\r\nContent-Type: application/json\r\nConnection: close\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  });
}

/**
 * Refuses a request body over the limit: at once from Content-Length, else when the streamed
 * bytes pass it. Returns false when the request was answered (413) and must not be handled.
 * Nothing in the gateway reads bodies, so the bytes under the limit are simply discarded.
 */
export function guardBody(req: IncomingMessage, res: ServerResponse, book: LimitBook): boolean {
  const max = book.limits.maxBodyBytes;
  const refuse = (): void => {
    book.count('bodyBytes');
    if (!res.headersSent) {
      const body = errorJson(413, `request body larger than ${max} bytes`, 'BODY_TOO_LARGE');
      res.writeHead(413, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        connection: 'close',
      });
      res.end(body);
    }
    // Stop reading: the rest of the body would only be discarded.
    if (res.writableFinished) req.socket.destroy();
    else res.once('finish', () => req.socket.destroy());
  };
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > max) {
    refuse();
    return false;
  }
  let seen = 0;
  let refused = false;
  req.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > max && !refused) {
      refused = true;
      refuse();
    }
  });
  return true;
}

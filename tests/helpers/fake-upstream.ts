import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, WebSocket } from 'ws';

/** One upstream socket as the fake Massive server sees it. */
export interface FakeConn {
  readonly ws: WebSocket;
  readonly path: string;
  /** Every client frame, parsed. */
  readonly messages: { action: string; params: string }[];
  readonly topics: Set<string>;
  authed: boolean;
}

export interface FakeUpstream {
  readonly httpUrl: string;
  readonly wsUrl: string;
  readonly conns: FakeConn[];
  readonly restRequests: IncomingMessage[];
  /** REST behaviour; default 200 `{status:'OK'}`. */
  rest: (req: IncomingMessage, res: ServerResponse) => void;
  /** Sends a frame to every authed connection on `path`. */
  push(path: string, elements: unknown[]): string;
  open(path?: string): FakeConn[];
  close(): Promise<void>;
}

const frame = (status: string, message: string): string => JSON.stringify([{ ev: 'status', status, message }]);

/**
 * A bare `ws` + `http` server speaking just enough Massive protocol (connected, auth, per-topic
 * acks) for proxy tests that must control the upstream precisely.
 */
export async function startFakeUpstream(key: string, opts: { autoPong?: boolean } = {}): Promise<FakeUpstream> {
  const conns: FakeConn[] = [];
  const restRequests: IncomingMessage[] = [];
  const server: Server = createServer((req, res) => {
    restRequests.push(req);
    fake.rest(req, res);
  });
  const wss = new WebSocketServer({ server, autoPong: opts.autoPong ?? true });
  wss.on('connection', (ws, req) => {
    const conn: FakeConn = { ws, path: req.url ?? '/', messages: [], topics: new Set(), authed: false };
    conns.push(conn);
    ws.send(frame('connected', 'Connected Successfully'));
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString()) as { action: string; params: string };
      conn.messages.push(msg);
      if (msg.action === 'auth') {
        if (msg.params === key) {
          conn.authed = true;
          ws.send(frame('auth_success', 'authenticated'));
        } else {
          ws.send(frame('auth_failed', 'authentication failed'));
          ws.close();
        }
        return;
      }
      for (const t of msg.params.split(',')) {
        if (msg.action === 'subscribe') conn.topics.add(t);
        else conn.topics.delete(t);
        ws.send(frame('success', `${msg.action === 'subscribe' ? 'subscribed' : 'unsubscribed'} to: ${t}`));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const fake: FakeUpstream = {
    httpUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    conns,
    restRequests,
    rest: (req, res) => {
      // Like Massive: a wrong key is 401 on REST too (the proxy's probe relies on it).
      const given =
        /^Bearer (.*)$/.exec(req.headers.authorization ?? '')?.[1] ??
        new URL(req.url ?? '/', 'http://x').searchParams.get('apiKey');
      if (given !== key) {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: 'ERROR', request_id: 'up0', error: 'Unknown API Key' }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'OK', request_id: 'up1' }));
    },
    push(path, elements) {
      const text = JSON.stringify(elements);
      for (const c of conns) if (c.path === path && c.authed && c.ws.readyState === WebSocket.OPEN) c.ws.send(text);
      return text;
    },
    open: (path) => conns.filter((c) => c.ws.readyState === WebSocket.OPEN && (path === undefined || c.path === path)),
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}

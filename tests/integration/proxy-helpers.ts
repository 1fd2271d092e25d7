/**
 * What tests/integration/proxy-limits*.test.ts and proxy-tls.test.ts import: the fake upstream
 * and the WebSocket test client under their older names (one implementation each, in ../helpers/). New tests use ../helpers/proxy-rig.ts, ../helpers/ws-client.ts
 * and ../helpers/fake-upstream.ts directly; this file goes once those two move over.
 */
import { openWs, type WsProbe } from '../helpers/ws-client.js';

export { startFakeUpstream, type FakeConn, type FakeUpstream } from '../helpers/fake-upstream.js';
export { upgradeRefusal } from '../helpers/ws-client.js';

export type TestClient = WsProbe;

export function connectClient(url: string, headers: Record<string, string> = {}): Promise<TestClient> {
  return openWs(url, { headers });
}

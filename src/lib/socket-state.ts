/**
 * One vocabulary for the project's two reconnecting sockets: the proxy's upstream to Massive
 * (proxy/upstream.ts) and a client's connection to the proxy (stream/connection.ts). Both back
 * off with lib/backoff.ts; each uses the states that apply to it:
 * - `idle`: no socket and none wanted (the upstream with nothing subscribed);
 * - `connecting`, `authenticating`: on the way up;
 * - `live`: authenticated, data flows;
 * - `reconnecting`: dropped, waiting out the backoff before the next attempt;
 * - `auth_failed`: the server refused the credentials; retrying would only repeat it;
 * - `closed`: closed for good by its owner.
 */
export type SocketState = 'idle' | 'connecting' | 'authenticating' | 'live' | 'reconnecting' | 'auth_failed' | 'closed';

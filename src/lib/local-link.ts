import { randomBytes } from 'node:crypto';

/**
 * The in-process handoff between an embedded proxy and the client of the same process (the
 * default `massive watch`, which starts its own proxy). The WebSocket between them still carries
 * authentication, subscriptions and statuses, so the protocol is exercised exactly as with a
 * daemon; only data frames skip it: the proxy hands the elements its own JSON.parse built to the
 * sink named in the socket's URL, instead of the client parsing the same text a second time.
 *
 * A sink is reachable only from code in this process, by an id of 128 random bits that exists
 * for the life of one socket.
 */
export type LocalSink = (elements: readonly object[]) => void;

const sinks = new Map<string, LocalSink>();

/** The URL query parameter naming a sink. */
export const LOCAL_SINK_PARAM = 'local';

/** Registers a sink for one socket; `dispose` when the socket closes. */
export function registerLocalSink(sink: LocalSink): { readonly id: string; dispose(): void } {
  const id = randomBytes(16).toString('hex');
  sinks.set(id, sink);
  return { id, dispose: () => void sinks.delete(id) };
}

/** The sink a socket's URL names, if it is one of this process's. */
export function localSink(id: string | null | undefined): LocalSink | undefined {
  return id ? sinks.get(id) : undefined;
}

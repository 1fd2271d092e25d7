import { loadTls, type ProxyTls } from '../proxy/tls.js';
import { usageError } from './exit.js';

/** The flags of `massive proxy` this module reads. */
export interface ProxyTlsFlags {
  readonly allowRemote?: boolean;
  readonly tlsCert?: string;
  readonly tlsKey?: string;
  readonly insecure?: boolean;
}

/**
 * `--tls-cert` and `--tls-key` go together; `--allow-remote` without them would send tokens in
 * clear text over the network, so it takes an explicit `--insecure`.
 */
export function tlsFromFlags(options: ProxyTlsFlags): ProxyTls | undefined {
  if ((options.tlsCert === undefined) !== (options.tlsKey === undefined))
    throw usageError('--tls-cert and --tls-key go together: give both (the certificate and its private key)');
  if (options.insecure === true && options.allowRemote !== true)
    throw usageError('--insecure only goes with --allow-remote');
  if (options.allowRemote === true && options.tlsCert === undefined && options.insecure !== true)
    throw usageError(
      '--allow-remote without TLS would send tokens in clear text over the network; add --tls-cert FILE --tls-key FILE ' +
        '(README "Sharing the proxy on a desk"), or --insecure if you trust every machine on this network',
    );
  return options.tlsCert !== undefined && options.tlsKey !== undefined
    ? loadTls(options.tlsCert, options.tlsKey)
    : undefined;
}

export { createRestClient, resolveUrl } from './client.js';
export type { RestClient, RestClientOptions, RestResponse, GetOptions } from './client.js';
export { httpError, isRetryableStatus, bodyMessage } from './errors.js';

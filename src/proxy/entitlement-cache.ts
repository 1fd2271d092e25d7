/**
 * What the proxy detected per asset class, kept per key fingerprint (a truncated SHA-256 of the
 * key, never the key) so the next start does not probe again. A day old at most: plans change
 * rarely, and a stale entry only costs one reconnect when a probe finds otherwise.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { writePrivateFile } from '../lib/private-file.js';
import { join } from 'node:path';
import { ASSET_CLASSES, type AssetClass, type Entitlement } from '../massive/entitlements.js';
import { readEntitlementStatus } from '../massive/entitlements.js';

export const ENTITLEMENT_CACHE_TTL_MS = 24 * 3_600_000;

/** 16 hex digits of SHA-256: tells keys apart, says nothing about them. */
export function keyFingerprint(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('hex').slice(0, 16);
}

/** The cache file of one key under `dir` (the config directory's cache folder). */
export function entitlementCachePath(dir: string, apiKey: string): string {
  return join(dir, `entitlements-${keyFingerprint(apiKey)}.json`);
}

export type CachedEntitlements = Partial<Record<AssetClass, Entitlement>>;

/** Reads the cache; anything missing, old or malformed is simply not there. */
export function loadEntitlements(path: string, now: number): CachedEntitlements {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return {};
  }
  const file = raw as { savedAt?: unknown; classes?: Record<string, unknown> } | null;
  if (typeof file?.savedAt !== 'number' || now - file.savedAt > ENTITLEMENT_CACHE_TTL_MS || now < file.savedAt)
    return {};
  const out: CachedEntitlements = {};
  for (const asset of ASSET_CLASSES) {
    const entry = file.classes?.[asset];
    if (!entry || typeof entry !== 'object') continue;
    const e = readEntitlementStatus({ ...(entry as Record<string, unknown>), ev: 'status', status: 'entitlement' });
    if (e) out[asset] = { ...e, source: 'cached' };
  }
  return out;
}

/** Writes the detected entitlements atomically (temp file, then rename), mode 0600. */
export function saveEntitlements(path: string, classes: CachedEntitlements, now: number): void {
  const body: Record<string, unknown> = {};
  for (const asset of ASSET_CLASSES) {
    const e = classes[asset];
    if (e && e.source !== 'assumed')
      body[asset] = {
        feed: e.feed,
        channels: e.channels,
        recency: e.recency,
        snapshots: e.snapshots,
        restQuotes: e.restQuotes,
      };
  }
  writePrivateFile(path, JSON.stringify({ v: 1, savedAt: now, classes: body }));
}

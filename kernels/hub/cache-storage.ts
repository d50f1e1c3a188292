// Downloaded weight files kept in the browser's Cache Storage, so that a second visit loads a model
// without fetching its weights again. One entry per file, keyed by hub, repository, revision and
// file name; the key is a URL on a reserved domain (.invalid never resolves), because Cache Storage
// keys are requests. Each entry carries its size in a header, so the list of cached models reads no
// weight bytes. Only weight files are kept: config.json, the index and the safetensors headers are
// read from the hub on every load (the plan), and a cached file is used only when its size is the
// one the hub announces now.
//
// Takes the CacheStorage to use (the page passes `caches`), so nothing here touches a global.
import type { WeightCache } from './load.ts';

const CACHE_NAME = 'llm-anatomy-hub-weights';
const KEY_ORIGIN = 'https://hub-cache.invalid';
const SIZE_HEADER = 'x-file-bytes';

/** A repository at one revision on one hub (the hub by its short name). */
export type CachedRepo = { readonly hub: string; readonly repo: string; readonly revision: string };

/** What the cache holds of one repository at one revision. */
export type CachedModel = CachedRepo & { readonly files: number; readonly bytes: number };

const segment = encodeURIComponent;

function keyOf({ hub, repo, revision }: CachedRepo, file: string): string {
  return `${KEY_ORIGIN}/${segment(hub)}/${repo.split('/').map(segment).join('/')}/${segment(revision)}/${segment(file)}`;
}

function parseKey(url: string): (CachedRepo & { readonly file: string }) | undefined {
  if (!url.startsWith(`${KEY_ORIGIN}/`)) return undefined;
  const parts = url.slice(KEY_ORIGIN.length + 1).split('/').map(decodeURIComponent);
  if (parts.length !== 5) return undefined;
  const [hub, org, name, revision, file] = parts as [string, string, string, string, string];
  return { hub, repo: `${org}/${name}`, revision, file };
}

/**
 * The cache of one repository's weight files. A file that cannot be stored (the browser's quota is
 * full, or storage is off in a private window) is left out: the model still opens, and the next
 * visit downloads that file again.
 */
export function weightCache(storage: CacheStorage, where: CachedRepo): WeightCache {
  return {
    async get(file, size) {
      const cache = await storage.open(CACHE_NAME);
      const response = await cache.match(keyOf(where, file));
      if (response === undefined) return undefined;
      const bytes = new Uint8Array(await response.arrayBuffer());
      if (bytes.length === size) return bytes;
      // The hub's file changed size (a new commit on the branch): drop the stale copy.
      await cache.delete(keyOf(where, file));
      return undefined;
    },
    async put(file, bytes) {
      try {
        const cache = await storage.open(CACHE_NAME);
        const headers = { 'content-type': 'application/octet-stream', [SIZE_HEADER]: String(bytes.length) };
        await cache.put(keyOf(where, file), new Response(bytes as BlobPart, { headers }));
      } catch {
        // Not kept; see above.
      }
    },
  };
}

/** Every repository with files in the cache, with their count and bytes, largest first. */
export async function listCachedModels(storage: CacheStorage): Promise<CachedModel[]> {
  const cache = await storage.open(CACHE_NAME);
  const models = new Map<string, { repo: CachedRepo; files: number; bytes: number }>();
  for (const request of await cache.keys()) {
    const key = parseKey(request.url);
    if (key === undefined) continue;
    const response = await cache.match(request);
    const bytes = Number(response?.headers.get(SIZE_HEADER) ?? 0);
    const id = keyOf(key, '');
    const model = models.get(id) ?? { repo: { hub: key.hub, repo: key.repo, revision: key.revision }, files: 0, bytes: 0 };
    model.files += 1;
    model.bytes += bytes;
    models.set(id, model);
  }
  return [...models.values()]
    .map(({ repo, files, bytes }) => ({ ...repo, files, bytes }))
    .sort((a, b) => b.bytes - a.bytes || a.repo.localeCompare(b.repo));
}

/** Deletes every cached file of `model`. */
export async function freeCachedModel(storage: CacheStorage, model: CachedRepo): Promise<void> {
  const cache = await storage.open(CACHE_NAME);
  const prefix = keyOf(model, '');
  for (const request of await cache.keys()) if (request.url.startsWith(prefix)) await cache.delete(request);
}

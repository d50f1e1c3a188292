// Downloaded weight files kept in the browser's Cache Storage, so that a second visit loads a model
// without fetching its weights again, and a layer-by-layer run reads its layers from disk rather
// than from memory. Files are kept in chunks (chunks.ts), one entry each, keyed by hub, repository,
// revision, file name and chunk index; the key is a URL on a reserved domain (.invalid never
// resolves), because Cache Storage keys are requests. Each entry carries its size in a header, so
// the list of cached models reads no weight bytes, and a chunk is used only when its size is the one
// the hub's file announces now. config.json, the index and the tokenizer are not kept: they are read
// from the hub on every load (the plan).
//
// Takes the CacheStorage to use (the page passes `caches`), so nothing here touches a global.
import type { ChunkStore } from './chunks.ts';

const CACHE_NAME = 'llm-anatomy-hub-weights';
const KEY_ORIGIN = 'https://hub-cache.invalid';
const SIZE_HEADER = 'x-file-bytes';

/** A repository at one revision on one hub (the hub by its short name). */
export type CachedRepo = { readonly hub: string; readonly repo: string; readonly revision: string };

/** What the cache holds of one repository at one revision. */
export type CachedModel = CachedRepo & { readonly files: number; readonly bytes: number };

const segment = encodeURIComponent;

/** What every key of one repository's chunks starts with. */
function repoPrefix({ hub, repo, revision }: CachedRepo): string {
  return `${KEY_ORIGIN}/${segment(hub)}/${repo.split('/').map(segment).join('/')}/${segment(revision)}/`;
}

function chunkKey(where: CachedRepo, file: string, index: number): string {
  return `${repoPrefix(where)}${segment(file)}/${index}`;
}

function parseKey(url: string): (CachedRepo & { readonly file: string }) | undefined {
  if (!url.startsWith(`${KEY_ORIGIN}/`)) return undefined;
  const parts = url.slice(KEY_ORIGIN.length + 1).split('/').map(decodeURIComponent);
  if (parts.length !== 6) return undefined;
  const [hub, org, name, revision, file] = parts as [string, string, string, string, string, string];
  return { hub, repo: `${org}/${name}`, revision, file };
}

/**
 * The chunks of one repository's weight files. A chunk that cannot be stored (the browser's quota is
 * full, or storage is off in a private window) is declined: the model still opens, and reads that
 * chunk from the hub again when it needs it.
 */
export function cachedChunks(storage: CacheStorage, where: CachedRepo): ChunkStore {
  const open = () => storage.open(CACHE_NAME);
  return {
    async has(file, index, length) {
      const cache = await open();
      const response = await cache.match(chunkKey(where, file, index));
      if (response === undefined) return false;
      if (Number(response.headers.get(SIZE_HEADER)) === length) return true;
      // The hub's file changed size (a new commit on the branch): drop the stale copy.
      await cache.delete(chunkKey(where, file, index));
      return false;
    },
    async read(file, index, start, end) {
      const response = await (await open()).match(chunkKey(where, file, index));
      if (response === undefined) throw new Error(`${file}: chunk ${index} has left the browser's cache`);
      // A slice of the stored body: the browser reads those bytes from disk, not the whole chunk.
      return new Uint8Array(await (await response.blob()).slice(start, end).arrayBuffer());
    },
    async put(file, index, bytes) {
      try {
        const headers = { 'content-type': 'application/octet-stream', [SIZE_HEADER]: String(bytes.length) };
        await (await open()).put(chunkKey(where, file, index), new Response(bytes as BlobPart, { headers }));
        return true;
      } catch {
        return false;
      }
    },
  };
}

/** Every repository with files in the cache, with their count and bytes, largest first. */
export async function listCachedModels(storage: CacheStorage): Promise<CachedModel[]> {
  const cache = await storage.open(CACHE_NAME);
  const models = new Map<string, { repo: CachedRepo; files: Set<string>; bytes: number }>();
  for (const request of await cache.keys()) {
    const key = parseKey(request.url);
    if (key === undefined) continue;
    const response = await cache.match(request);
    const bytes = Number(response?.headers.get(SIZE_HEADER) ?? 0);
    const id = repoPrefix(key);
    const model = models.get(id) ?? { repo: { hub: key.hub, repo: key.repo, revision: key.revision }, files: new Set(), bytes: 0 };
    model.files.add(key.file);
    model.bytes += bytes;
    models.set(id, model);
  }
  return [...models.values()]
    .map(({ repo, files, bytes }) => ({ ...repo, files: files.size, bytes }))
    .sort((a, b) => b.bytes - a.bytes || a.repo.localeCompare(b.repo));
}

/** Deletes every cached file of `model`. */
export async function freeCachedModel(storage: CacheStorage, model: CachedRepo): Promise<void> {
  const cache = await storage.open(CACHE_NAME);
  const prefix = repoPrefix(model);
  for (const request of await cache.keys()) if (request.url.startsWith(prefix)) await cache.delete(request);
}

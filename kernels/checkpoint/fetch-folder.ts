// A checkpoint folder served over HTTP (the site's own trained models under models/trained/<id>/):
// the named files are downloaded whole, one after another, reporting the bytes read so far against
// the sum of the sizes the server announced, then read from memory like any other source.
import { readWithProgress } from '../runtime/progress.ts';
import { CheckpointError } from './errors.ts';
import { memorySource, type CheckpointSource } from './source.ts';

export type FolderProgress = (loaded: number, total: number | undefined) => void;

/** Downloads `names` from the folder at `baseUrl` (ending in '/'); `report` follows the bytes. */
export async function fetchFolder(baseUrl: string, names: readonly string[], report: FolderProgress): Promise<CheckpointSource> {
  const responses = await Promise.all(
    names.map(async (name) => {
      const response = await fetch(baseUrl + name);
      if (!response.ok) throw new CheckpointError(`${baseUrl}${name}: HTTP ${response.status}`);
      return { name, response };
    }),
  );
  const sizes = responses.map(({ response }) => Number(response.headers.get('content-length')) || undefined);
  const total = sizes.every((size) => size !== undefined) ? sizes.reduce((a, b) => a + b, 0) : undefined;
  const files = new Map<string, Uint8Array>();
  let done = 0;
  for (const { name, response } of responses) {
    const bytes = await readWithProgress(response, (loaded) => report(done + loaded, total));
    done += bytes.length;
    files.set(name, bytes);
  }
  return memorySource(files);
}

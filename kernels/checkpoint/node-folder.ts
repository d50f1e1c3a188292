// A checkpoint folder on disk, for the CLI and tests. This is the only checkpoint module that imports
// Node APIs, so everything else stays usable in the browser.
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CheckpointError } from './errors.ts';
import type { CheckpointSource } from './source.ts';

export function folderSource(folder: string): CheckpointSource {
  const names = (): string[] =>
    readdirSync(folder, { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => entry.name);
  const read = async (name: string): Promise<Buffer> => {
    if (!names().includes(name)) throw new CheckpointError(`${name}: no such file in ${folder}`);
    return readFile(join(folder, name));
  };
  return {
    list: names,
    readText: async (name) => (await read(name)).toString('utf8'),
    // A plain Uint8Array view of the Buffer, without copying (multi-GB shards exist).
    readBytes: async (name) => {
      const buffer = await read(name);
      return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    },
  };
}

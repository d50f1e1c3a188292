// A checkpoint folder on disk, for the CLI and tests. This is the only checkpoint module that imports
// Node APIs, so everything else stays usable in the browser.
import { readdirSync } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CheckpointError } from './errors.ts';
import type { CheckpointSource, RangeSource } from './source.ts';

export function folderSource(folder: string): CheckpointSource & RangeSource {
  const names = (): string[] =>
    readdirSync(folder, { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => entry.name);
  const path = (name: string): string => {
    if (!names().includes(name)) throw new CheckpointError(`${name}: no such file in ${folder}`);
    return join(folder, name);
  };
  return {
    list: names,
    readText: async (name) => (await readFile(path(name))).toString('utf8'),
    // A plain Uint8Array view of the Buffer, without copying (multi-GB shards exist).
    readBytes: async (name) => {
      const buffer = await readFile(path(name));
      return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    },
    size: async (name) => (await stat(path(name))).size,
    // Only [start, end) is read: a streamed run holds one layer of a shard, never the shard.
    readRange: async (name, start, end) => {
      const file = await open(path(name), 'r');
      try {
        const bytes = new Uint8Array(end - start);
        let filled = 0;
        while (filled < bytes.length) {
          const { bytesRead } = await file.read(bytes, filled, bytes.length - filled, start + filled);
          if (bytesRead === 0) break; // the file ended
          filled += bytesRead;
        }
        return bytes.subarray(0, filled);
      } finally {
        await file.close();
      }
    },
  };
}

// Files the reader picked (File objects, which are Blobs with a name) as a checkpoint source. A
// range is read with Blob.slice, which the browser serves from disk: a 14 GB checkpoint can be
// opened by its headers and run one layer at a time without ever being in memory whole.
import { CheckpointError } from './errors.ts';
import type { CheckpointSource, RangeSource } from './source.ts';

/** What the source needs of a File (Node's File has it too, for tests). */
export type NamedBlob = Pick<File, 'name' | 'size' | 'slice' | 'text' | 'arrayBuffer'>;

export function blobSource(files: readonly NamedBlob[]): CheckpointSource & RangeSource {
  const byName = new Map(files.map((file) => [file.name, file]));
  const fileOf = (name: string): NamedBlob => {
    const file = byName.get(name);
    if (file === undefined) throw new CheckpointError(`${name}: not among the files picked`);
    return file;
  };
  return {
    list: () => [...byName.keys()],
    readText: async (name) => fileOf(name).text(),
    readBytes: async (name) => new Uint8Array(await fileOf(name).arrayBuffer()),
    readRange: async (name, start, end) => new Uint8Array(await fileOf(name).slice(start, end).arrayBuffer()),
    size: async (name) => fileOf(name).size,
  };
}

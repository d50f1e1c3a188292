// Where checkpoint files come from. The loader only needs to list a folder and read whole files, so
// the same code reads a folder on disk (node-folder.ts), files the reader picked in the browser, and
// tiny replicas generated in memory.
import { CheckpointError } from './errors.ts';

export type CheckpointSource = {
  /** File names in the checkpoint folder (no subfolders), e.g. 'config.json'. */
  list(): string[];
  readText(name: string): Promise<string>;
  readBytes(name: string): Promise<Uint8Array>;
};

/** A checkpoint held as bytes in memory, by file name. */
export function memorySource(files: ReadonlyMap<string, Uint8Array>): CheckpointSource {
  const read = (name: string): Uint8Array => {
    const bytes = files.get(name);
    if (bytes === undefined) throw new CheckpointError(`${name}: no such file in the checkpoint`);
    return bytes;
  };
  return {
    list: () => [...files.keys()],
    readText: async (name) => new TextDecoder().decode(read(name)),
    readBytes: async (name) => read(name),
  };
}

// Where checkpoint files come from. The loader only needs to list a folder and read whole files, so
// the same code reads a folder on disk (node-folder.ts), files the reader picked in the browser, and
// tiny replicas generated in memory. A streamed run reads byte ranges instead (lazy.ts): the same
// folder or memory, or a hub over HTTP Range requests, through `RangeSource`.
import { CheckpointError } from './errors.ts';

export type CheckpointSource = {
  /** File names in the checkpoint folder (no subfolders), e.g. 'config.json'. */
  list(): string[];
  readText(name: string): Promise<string>;
  readBytes(name: string): Promise<Uint8Array>;
};

export type RangeSource = {
  /** File names, as `CheckpointSource.list`. */
  list(): string[];
  readText(name: string): Promise<string>;
  /** Bytes [start, end) of the file; fewer only where the file ends before `end`. */
  readRange(name: string, start: number, end: number): Promise<Uint8Array>;
  /** The file's length in bytes (the safetensors header is checked against it). */
  size(name: string): Promise<number>;
};

/** A checkpoint held as bytes in memory, by file name. */
export function memorySource(files: ReadonlyMap<string, Uint8Array>): CheckpointSource & RangeSource {
  const read = (name: string): Uint8Array => {
    const bytes = files.get(name);
    if (bytes === undefined) throw new CheckpointError(`${name}: no such file in the checkpoint`);
    return bytes;
  };
  return {
    list: () => [...files.keys()],
    readText: async (name) => new TextDecoder().decode(read(name)),
    readBytes: async (name) => read(name),
    readRange: async (name, start, end) => read(name).subarray(start, end),
    size: async (name) => read(name).length,
  };
}

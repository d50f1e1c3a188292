// What the first use of a widget is waiting for, reported as it happens: the runtime's JavaScript,
// its WebAssembly binary (14 or 27 MB, with bytes so far), a model's weights, an ONNX session being
// compiled. Kernels report; widgets listen and say it in words. No DOM here.

export type LoadStage = 'runtime' | 'wasm' | 'weights' | 'session';

export type LoadProgress = {
  readonly stage: LoadStage;
  /** Bytes so far and in all, where they are known (the .wasm download). */
  readonly loaded?: number;
  readonly total?: number;
};

type Listener = (progress: LoadProgress) => void;

const listeners = new Set<Listener>();

/** Calls `listener` with every report from now on; returns the function that stops it. */
export function onLoadProgress(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function reportLoadProgress(progress: LoadProgress): void {
  for (const listener of listeners) listener(progress);
}

/** The body of `response`, reporting the bytes read so far (and the total, when the server says it). */
export async function readWithProgress(response: Response, report: (loaded: number, total: number | undefined) => void): Promise<Uint8Array> {
  const total = Number(response.headers.get('content-length')) || undefined;
  if (response.body === null) return new Uint8Array(await response.arrayBuffer());
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    report(loaded, total);
  }
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

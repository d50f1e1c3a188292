// Reading files of one repository on a hub over HTTP: byte ranges (for headers), whole files (for
// weights) resumed with Range when the connection drops, every byte counted. Uses only `fetch`, so
// the same code runs in Node and in the browser.
//
// A token, when given, travels only in an Authorization header, never in a URL; fetch drops that
// header by itself when a hub redirects a large file to another host (the signed URL needs none).
import { HubError } from './errors.ts';
import type { Hub } from './hubs.ts';
import { DroppedBody, IDLE_TIMEOUT_MS, IdleWatchdog, messageOf } from './connection.ts';

export type HubRepo = {
  readonly hub: Hub;
  /** organisation/name */
  readonly repo: string;
  readonly revision: string;
  /** An access token for gated repositories; kept in memory only. */
  readonly token?: string;
};

export type DownloadProgress = { readonly file: string; readonly loaded: number; readonly total: number };

export type FetchOptions = {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: DownloadProgress) => void;
};

/** Attempts in a row that bring no new byte before a download gives up. */
const MAX_STALLED_ATTEMPTS = 3;

export class HubClient {
  readonly repo: HubRepo;
  /** Bytes of response bodies received so far, and requests made: what the plan reports it fetched. */
  bytesFetched = 0;
  requests = 0;
  private readonly fetcher: typeof fetch;
  private readonly idleTimeoutMs: number;
  /** The watchdog of each response whose body is still to be read. */
  private readonly watchdogs = new WeakMap<Response, IdleWatchdog>();

  constructor(repo: HubRepo, options: { readonly fetch?: typeof fetch; readonly idleTimeoutMs?: number } = {}) {
    this.repo = repo;
    this.fetcher = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.idleTimeoutMs = options.idleTimeoutMs ?? IDLE_TIMEOUT_MS;
  }

  url(file: string): string {
    const { hub, repo, revision } = this.repo;
    return hub.fileUrl(repo, revision, file);
  }

  /** `${repo}@${revision} on ${hub}`: how messages name where a file was looked for. */
  where(file: string): string {
    const { hub, repo, revision } = this.repo;
    return `${file} of ${repo} (revision '${revision}') on ${hub.label}`;
  }

  /**
   * Bytes [start, end) of `file`, the length of the whole file, and its ETag when the hub sends one
   * (on Hugging Face, an LFS file's sha256: it names the content, so a changed file has a new one).
   */
  async range(
    file: string,
    start: number,
    end: number,
    options: FetchOptions = {},
  ): Promise<{ bytes: Uint8Array; fileLength: number; etag: string | undefined }> {
    const response = await this.request(file, { start, end }, options);
    const etag = response.headers.get('etag') ?? undefined;
    if (response.status === 200) {
      // The hub ignored Range and is sending the whole file (some mirrors do): read up to `end`
      // and hang up, unless the length is not announced and only the whole body tells it.
      const announced = Number(response.headers.get('content-length') ?? NaN);
      const bytes = await this.body(file, response, options, Number.isFinite(announced) ? end : Infinity);
      const fileLength = Number.isFinite(announced) ? announced : bytes.length;
      return { bytes: bytes.subarray(start, Math.min(end, bytes.length)), fileLength, etag };
    }
    const bytes = await this.body(file, response, options);
    if (response.status === 206) {
      const fileLength = totalFromContentRange(response.headers.get('content-range'));
      if (fileLength === null)
        throw new HubError('http', `${this.where(file)}: the hub answered a range without Content-Range`);
      return { bytes, fileLength, etag };
    }
    throw new HubError('http', `${this.where(file)}: the hub answered HTTP ${response.status} to a range request`);
  }

  /** Whether `file` exists (a 1-byte range), without reading it; other failures are thrown. */
  async exists(file: string, options: FetchOptions = {}): Promise<boolean> {
    try {
      await this.range(file, 0, 1, options);
      return true;
    } catch (error) {
      if (error instanceof HubError && error.failure === 'not-found') return false;
      throw error;
    }
  }

  /** A whole small file (config, tokenizer), as bytes or as UTF-8 text. */
  async bytes(file: string, options: FetchOptions = {}): Promise<Uint8Array> {
    const response = await this.request(file, null, options);
    return this.body(file, response, options);
  }

  async text(file: string, options: FetchOptions = {}): Promise<string> {
    return new TextDecoder().decode(await this.bytes(file, options));
  }

  /**
   * Bytes [start, end) of `file` (the whole file unless `part` says otherwise), which is known to be
   * `size` bytes long. A connection that drops mid-body is resumed from the first missing byte with a
   * Range request; a body that ends short is an error. Progress counts the file's bytes up to the
   * last one in place, so the parts of one file, fetched in order, report one rising figure.
   */
  async download(
    file: string,
    size: number,
    options: FetchOptions = {},
    part: { readonly start: number; readonly end: number } = { start: 0, end: size },
  ): Promise<Uint8Array> {
    const { start, end } = part;
    const out = new Uint8Array(end - start);
    let loaded = 0;
    let stalled = 0;
    let lastError: unknown;
    while (loaded < out.length) {
      if (stalled >= MAX_STALLED_ATTEMPTS) {
        throw new HubError(
          'dropped',
          `${this.where(file)}: the connection dropped at byte ${start + loaded} of ${size}, and ${MAX_STALLED_ATTEMPTS} attempts to resume from there failed (${messageOf(lastError)})`,
        );
      }
      const before = loaded;
      try {
        const from = start + loaded;
        const whole = from === 0 && end === size;
        const response = await this.request(file, whole ? null : { start: from, end }, options);
        // A hub that ignores Range answers 200 with the whole file, from its first byte.
        const bodyStart = response.status === 200 ? 0 : from;
        loaded = await this.readInto(file, response, out, { start, loaded, bodyStart, size }, options);
        if (loaded < out.length) {
          throw new HubError(
            'truncated',
            `${this.where(file)}: the hub sent ${start + loaded} bytes, but the file holds ${size} (truncated download?)`,
          );
        }
      } catch (error) {
        if (!(error instanceof DroppedBody)) throw error;
        loaded = error.loaded;
        lastError = error.cause;
        stalled = loaded > before ? 0 : stalled + 1;
      }
    }
    return out;
  }

  private async request(
    file: string,
    range: { start: number; end: number } | null,
    options: FetchOptions,
  ): Promise<Response> {
    const headers: Record<string, string> = {};
    if (range !== null) headers['Range'] = `bytes=${range.start}-${range.end - 1}`;
    if (this.repo.token !== undefined && this.repo.token !== '') headers['Authorization'] = `Bearer ${this.repo.token}`;
    const url = this.url(file);
    let response: Response;
    this.requests++;
    const watchdog = new IdleWatchdog(this.idleTimeoutMs);
    const signals = [watchdog.controller.signal, ...(options.signal === undefined ? [] : [options.signal])];
    const init: RequestInit = { headers, signal: AbortSignal.any(signals), redirect: 'follow' };
    try {
      try {
        response = await this.fetcher(url, init);
      } catch (error) {
        // Once more, at once, unless the reader or the watchdog stopped it: a kept-alive connection
        // the server had just closed fails a request before it is sent (browsers retry these too).
        if (options.signal?.aborted === true || watchdog.controller.signal.aborted) throw error;
        response = await this.fetcher(url, init);
      }
    } catch (error) {
      watchdog.stop();
      throw this.networkError(
        file,
        url,
        watchdog.controller.signal.aborted ? watchdog.controller.signal.reason : error,
        options,
      );
    }
    if (response.ok) {
      this.watchdogs.set(response, watchdog);
      return response;
    }
    watchdog.stop();
    await response.body?.cancel();
    throw this.statusError(file, response);
  }

  private networkError(file: string, url: string, error: unknown, options: FetchOptions): HubError {
    if (options.signal?.aborted === true) return new HubError('cancelled', `${this.where(file)}: download cancelled`);
    const host = new URL(url).host;
    return new HubError(
      'network',
      `${this.where(file)}: no answer from ${host} (${messageOf(error)}). Check the connection and the hub setting; ` +
        'in a browser this is also how a hub that refuses cross-origin requests (CORS) shows up.',
    );
  }

  private statusError(file: string, response: Response): HubError {
    const { status } = response;
    // Hugging Face says which 401/403 it means in X-Error-Code: RepoNotFound, GatedRepo, ...
    const code = response.headers.get('x-error-code');
    const hasToken = this.repo.token !== undefined && this.repo.token !== '';
    const { repo, hub } = this.repo;
    if (status === 404 || code === 'RepoNotFound' || code === 'RevisionNotFound' || code === 'EntryNotFound') {
      const hint = code === 'RepoNotFound' && !hasToken ? ' (or it is private: give an access token)' : '';
      return new HubError(
        'not-found',
        `${this.where(file)}: not found (HTTP ${status})${hint}; check the repository id, revision and hub`,
      );
    }
    if (status === 401 || status === 403) {
      return new HubError(
        'gated',
        hasToken
          ? `${repo} on ${hub.label} refused the access token (HTTP ${status}): the token may be wrong, or its account has not accepted the repository's license`
          : `${repo} on ${hub.label} is gated (HTTP ${status}): accept its license on the hub, then give an access token (it is kept in memory for this session only)`,
      );
    }
    return new HubError('http', `${this.where(file)}: the hub answered HTTP ${status} ${response.statusText}`.trim());
  }

  /** The body of `response`, or its first `limit` bytes or a little more (the rest is not fetched). */
  private async body(file: string, response: Response, options: FetchOptions, limit = Infinity): Promise<Uint8Array> {
    const chunks: Uint8Array[] = [];
    let length = 0;
    try {
      await this.readChunks(response, options, (chunk) => {
        chunks.push(chunk);
        length += chunk.length;
        return length < limit;
      });
    } catch (error) {
      if (options.signal?.aborted === true) throw new HubError('cancelled', `${this.where(file)}: download cancelled`);
      throw new HubError(
        'dropped',
        `${this.where(file)}: the connection dropped after ${length} bytes (${messageOf(error)})`,
      );
    }
    return new Uint8Array(await new Blob(chunks as BlobPart[]).arrayBuffer());
  }

  /**
   * Reads `response`, whose body holds the file from byte `bodyStart` on, into `out` (bytes
   * [start, start + out.length) of the file) after the `loaded` bytes already there; what lies before
   * them is skipped, and the body is hung up once `out` is full (before the file's end). Returns how many bytes of `out` are
   * in place; a dropped connection is thrown as DroppedBody.
   */
  private async readInto(
    file: string,
    response: Response,
    out: Uint8Array,
    at: { readonly start: number; readonly loaded: number; readonly bodyStart: number; readonly size: number },
    options: FetchOptions,
  ): Promise<number> {
    let loaded = at.loaded;
    let position = at.bodyStart;
    try {
      await this.readChunks(response, options, (chunk) => {
        if (position + chunk.length > at.size) {
          throw new HubError('truncated', `${this.where(file)}: the hub sent more than the ${at.size} bytes the file holds`);
        }
        const from = Math.max(at.start + loaded - position, 0);
        const piece = chunk.subarray(from, Math.min(chunk.length, at.start + out.length - position));
        if (piece.length > 0) {
          out.set(piece, loaded);
          loaded += piece.length;
          options.onProgress?.({ file, loaded: at.start + loaded, total: at.size });
        }
        position += chunk.length;
        // A part that ends where the file does reads the body to its end, so a longer file is caught.
        return loaded < out.length || at.start + out.length === at.size;
      });
    } catch (error) {
      if (error instanceof HubError) throw error;
      if (options.signal?.aborted === true) throw new HubError('cancelled', `${this.where(file)}: download cancelled`);
      throw new DroppedBody(loaded, error);
    }
    return loaded;
  }

  private async readChunks(
    response: Response,
    options: FetchOptions,
    /** Takes one chunk; false stops reading (the rest of the body is cancelled). */
    take: (chunk: Uint8Array) => boolean,
  ): Promise<void> {
    const watchdog = this.watchdogs.get(response);
    if (response.body === null) return watchdog?.stop();
    const reader = response.body.getReader();
    const cancel = () => void reader.cancel().catch(() => undefined);
    options.signal?.addEventListener('abort', cancel, { once: true });
    try {
      for (;;) {
        const { done, value } = await reader.read();
        // Cancelling the reader (on abort) ends the body as if it were complete: say it was cut short.
        if (done && options.signal?.aborted === true) throw new Error('the body was cancelled');
        if (done) return;
        watchdog?.kick();
        this.bytesFetched += value.length;
        if (!take(value)) {
          cancel();
          return;
        }
      }
    } finally {
      watchdog?.stop();
      options.signal?.removeEventListener('abort', cancel);
    }
  }
}

/** `bytes 0-7/12345` → 12345. */
export function totalFromContentRange(header: string | null): number | null {
  const match = header === null ? null : /^bytes \d+-\d+\/(\d+)$/.exec(header.trim());
  return match === null ? null : Number(match[1]);
}

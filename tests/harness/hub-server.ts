// A stand-in for a model hub, on 127.0.0.1, for tests. It answers like Hugging Face does:
//
//   GET /<org>/<name>/resolve/<revision>/<file>   small files: 200 (or 206 for a Range), CORS headers
//                                                 .safetensors files: 302 to a second server (the
//                                                 "storage host", another port), which serves the bytes
//   unknown repository: 404 with X-Error-Code: RepoNotFound; gated: 401/403 with X-Error-Code: GatedRepo
//
// Range requests (`bytes=a-b`, `bytes=a-`) get 206 with Content-Range on both servers. Every request
// is logged with the body bytes actually sent, so a test can tell a header-only plan from a download.
// `inject(failure)` switches on one failure at a time, each the way a real hub or network shows it.
//
// `startHub()` listens on two ports of its own (the command line's tests). `mountHub(hubPath,
// storagePath)` answers under two paths of a server the test already runs (the browser tests' site
// server): the page's own origin, as the site's "this site" mirror, redirecting to a second path.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { filesUnder, headerLengthOf, isWeightFile, type HubFailureKind, type HubFile } from './hub-failures.ts';

export { HUB_FAILURES, type HubFailureKind, type HubFile } from './hub-failures.ts';

export type ServedRequest = {
  readonly host: 'hub' | 'storage';
  readonly path: string;
  readonly range: string | null;
  readonly status: number;
  /** Body bytes written to the socket. */
  readonly bytes: number;
  readonly authorization: boolean;
};

/** What a test does with a stand-in hub, wherever it listens. */
export type HubControls = {
  /** Serve `files` as repository `repo` at each revision in `revisions` (default: main). */
  addRepo(repo: string, files: ReadonlyMap<string, HubFile>, revisions?: readonly string[]): void;
  /** Switch on one failure (or none); `gated` accepts `token`. */
  inject(failure: HubFailureKind | null, options?: { readonly token?: string }): void;
  readonly log: ServedRequest[];
  /** Body bytes sent, over both servers, since the log was last cleared. */
  servedBytes(): number;
  clearLog(): void;
};

export type StandInHub = HubControls & {
  /** http://127.0.0.1:<port> of the hub. */
  readonly url: string;
  /** http://127.0.0.1:<port> of the storage host that large files redirect to. */
  readonly storageUrl: string;
  close(): Promise<void>;
};

/** A stand-in hub answering under two paths of another server. */
export type MountedHub = HubControls & {
  /** Answers `request` when its path is under the hub's or the storage's path; false otherwise. */
  handle(request: IncomingMessage, response: ServerResponse): boolean;
};


/** Bytes [start, end) of a file. */
function sliceOf(file: HubFile, start: number, end: number): Uint8Array {
  if (file instanceof Uint8Array) return file.subarray(start, end);
  const out = new Uint8Array(end - start);
  if (start < file.head.length) out.set(file.head.subarray(start, Math.min(end, file.head.length)), 0);
  return out;
}

const headOf = (file: HubFile): Uint8Array => (file instanceof Uint8Array ? file : file.head);

/** The file's ETag as Hugging Face gives an LFS file, a hash of the content (of a made-up file: its head and length). */
const etagOf = (file: HubFile): string =>
  `"${createHash('sha256').update(headOf(file)).update(String(file.length)).digest('hex')}"`;

const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'Content-Range, Content-Length, Accept-Ranges, ETag, X-Error-Code, X-Linked-Size',
};

/** `bytes=a-b` or `bytes=a-` against a body of `length` bytes: [start, end), or null when unsatisfiable. */
function parseRange(header: string, length: number): { start: number; end: number } | null {
  const match = /^bytes=(\d+)-(\d*)$/.exec(header.trim());
  if (match === null) return null;
  const start = Number(match[1]);
  const end = match[2] === '' ? length : Math.min(Number(match[2]) + 1, length);
  return start < length && start < end ? { start, end } : null;
}


type RequestHandler = (path: string, request: IncomingMessage, response: ServerResponse) => void;

/** The hub's state and its two request handlers; `storageLocation` says where a large file is redirected. */
function standInHub(storageLocation: (key: string, file: string) => string): HubControls & {
  readonly hub: RequestHandler;
  readonly storage: RequestHandler;
} {
  /** `${repo}@${revision}` → file → bytes */
  const repos = new Map<string, ReadonlyMap<string, HubFile>>();
  let failure: HubFailureKind | null = null;
  let acceptedToken = '';
  /** Weight files whose first download has already been dropped (drop-once / drop-always). */
  const dropped = new Set<string>();
  const log: ServedRequest[] = [];

  /** The files of a repository as served under the current failure. */
  function served(key: string): ReadonlyMap<string, HubFile> | undefined {
    const files = repos.get(key);
    return files === undefined ? undefined : filesUnder(failure, files);
  }

  function send(
    host: 'hub' | 'storage',
    request: IncomingMessage,
    response: ServerResponse,
    status: number,
    headers: Record<string, string | number>,
    body: Uint8Array = new Uint8Array(0),
  ): void {
    const cors = failure === 'cors' ? {} : CORS_HEADERS;
    response.writeHead(status, { ...cors, ...headers, 'Content-Length': body.length });
    response.end(body);
    log.push({
      host,
      path: request.url ?? '',
      range: request.headers.range ?? null,
      status,
      bytes: body.length,
      authorization: request.headers.authorization !== undefined,
    });
  }

  /** Serve `bytes` (the whole file, or the asked-for range), or drop the connection partway through. */
  function serveFile(
    host: 'hub' | 'storage',
    file: string,
    request: IncomingMessage,
    response: ServerResponse,
    bytes: HubFile,
  ): void {
    const rangeHeader = failure === 'no-range' ? undefined : request.headers.range;
    const range = rangeHeader === undefined ? { start: 0, end: bytes.length } : parseRange(rangeHeader, bytes.length);
    if (range === null) {
      send(host, request, response, 416, { 'Content-Range': `bytes */${bytes.length}` });
      return;
    }
    const headers = {
      'Accept-Ranges': 'bytes',
      'Content-Type': 'application/octet-stream',
      ETag: etagOf(bytes),
      ...(rangeHeader !== undefined && { 'Content-Range': `bytes ${range.start}-${range.end - 1}/${bytes.length}` }),
    };
    const status = rangeHeader === undefined ? 200 : 206;
    const body = sliceOf(bytes, range.start, range.end);
    // Only a download drops: a request reaching past the header (a header read never does).
    const isDownload = range.end > 8 + headerLengthOf(headOf(bytes));
    const interrupts = failure === 'drop-once' || failure === 'drop-always' || failure === 'stall-once';
    if (interrupts && isWeightFile(file) && isDownload) {
      const firstTime = !dropped.has(file);
      if (firstTime || failure === 'drop-always') {
        dropped.add(file);
        const sent = firstTime ? body.subarray(0, Math.floor(body.length / 2)) : new Uint8Array(0);
        response.writeHead(status, { ...CORS_HEADERS, ...headers, 'Content-Length': body.length });
        // A drop closes the connection; a stall keeps it open and silent (close() ends it).
        response.write(sent, () => (failure === 'stall-once' ? undefined : response.socket?.destroy()));
        log.push({
          host,
          path: request.url ?? '',
          range: rangeHeader ?? null,
          status,
          bytes: sent.length,
          authorization: request.headers.authorization !== undefined,
        });
        return;
      }
    }
    send(host, request, response, status, headers, body);
  }

  const hub: RequestHandler = (path, request, response) => {
    if (failure === 'refuse') {
      request.socket.destroy();
      return;
    }
    if (request.method === 'OPTIONS') {
      send('hub', request, response, 204, {
        'Access-Control-Allow-Headers': 'Range, Authorization',
        'Access-Control-Allow-Methods': 'GET, HEAD',
      });
      return;
    }
    const match = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(path);
    const notFound = (code: string) =>
      send(
        'hub',
        request,
        response,
        404,
        { 'X-Error-Code': code, 'Content-Type': 'text/plain' },
        new TextEncoder().encode(`${code}\n`),
      );
    if (match === null) return notFound('EntryNotFound');
    const [, repo, revision, file] = match.map((part) => decodeURIComponent(part ?? '')) as [
      string,
      string,
      string,
      string,
    ];
    const key = `${repo}@${revision}`;
    const files = served(key);
    if (files === undefined || failure === 'not-found') return notFound('RepoNotFound');
    if (failure === 'gated') {
      const authorization = request.headers.authorization;
      if (authorization !== `Bearer ${acceptedToken}`) {
        const status = authorization === undefined ? 401 : 403;
        send(
          'hub',
          request,
          response,
          status,
          { 'X-Error-Code': 'GatedRepo', 'Content-Type': 'text/plain' },
          new TextEncoder().encode('gated\n'),
        );
        return;
      }
    }
    const bytes = files.get(file);
    if (bytes === undefined) return notFound('EntryNotFound');
    if (isWeightFile(file)) {
      // Like the real hub: large files live on another host, reached by a signed URL.
      const location = `${storageLocation(key, file)}?signature=stand-in`;
      send('hub', request, response, 302, { Location: location, 'X-Linked-Size': bytes.length });
      return;
    }
    serveFile('hub', file, request, response, bytes);
  };

  const storage: RequestHandler = (path, request, response) => {
    if (request.method === 'OPTIONS') {
      send('storage', request, response, 204, {
        'Access-Control-Allow-Headers': 'Range',
        'Access-Control-Allow-Methods': 'GET, HEAD',
      });
      return;
    }
    const [key = '', file = ''] = path.slice(1).split('/').map(decodeURIComponent);
    const bytes = served(key)?.get(file);
    if (bytes === undefined) {
      send('storage', request, response, 404, {});
      return;
    }
    serveFile('storage', file, request, response, bytes);
  };

  return {
    hub,
    storage,
    addRepo(repo, files, revisions = ['main']) {
      for (const revision of revisions) repos.set(`${repo}@${revision}`, files);
    },
    inject(kind, options = {}) {
      failure = kind;
      acceptedToken = options.token ?? '';
      dropped.clear();
    },
    log,
    servedBytes: () => log.reduce((sum, entry) => sum + entry.bytes, 0),
    clearLog: () => void log.splice(0),
  };
}

const pathOf = (request: IncomingMessage) => (request.url ?? '').split('?')[0] ?? '';
const storagePath = (key: string, file: string) => `/${encodeURIComponent(key)}/${encodeURIComponent(file)}`;

export async function startHub(): Promise<StandInHub> {
  let storageUrl = '';
  const { hub, storage, ...controls } = standInHub((key, file) => `${storageUrl}${storagePath(key, file)}`);
  const hubServer = createServer((request, response) => hub(pathOf(request), request, response));
  const storageServer = createServer((request, response) => storage(pathOf(request), request, response));
  const listen = (server: Server) =>
    new Promise<string>((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
    );
  const url = await listen(hubServer);
  storageUrl = await listen(storageServer);
  return {
    ...controls,
    url,
    storageUrl,
    close: async () => {
      for (const server of [hubServer, storageServer]) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}

/** A stand-in hub under `hubPath` of another server, redirecting large files to `storagePath` of the same one. */
export function mountHub(hubPath: string, storageRoot: string): MountedHub {
  const { hub, storage, ...controls } = standInHub((key, file) => `${storageRoot}${storagePath(key, file)}`);
  return {
    ...controls,
    handle(request, response) {
      const path = pathOf(request);
      if (path.startsWith(`${hubPath}/`)) hub(path.slice(hubPath.length), request, response);
      else if (path.startsWith(`${storageRoot}/`)) storage(path.slice(storageRoot.length), request, response);
      else return false;
      return true;
    },
  };
}


// How a hub download notices that its connection failed: a watchdog for connections that go quiet
// (a browser never says a connection dropped; the bytes just stop), the error a body read throws
// when the network breaks mid-file, and one readable line for any network error.

/** A connection that brings no byte for this long is treated as dropped (and a download resumed). */
export const IDLE_TIMEOUT_MS = 60_000;

/**
 * Aborts a request when no byte has come for `ms`: `kick` on every chunk, `stop` when done. A
 * stalled connection is the usual way a dropped one looks from a browser, which never says so.
 */
export class IdleWatchdog {
  readonly controller = new AbortController();
  private readonly ms: number;
  private timer: ReturnType<typeof setTimeout> | undefined;
  constructor(ms: number) {
    this.ms = ms;
    this.kick();
  }
  kick(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.controller.abort(new Error(`no data for ${this.ms / 1000} s`)), this.ms);
  }
  stop(): void {
    clearTimeout(this.timer);
  }
}

/** A body that ended in a network error after `loaded` bytes of the file were in place. */
export class DroppedBody extends Error {
  readonly loaded: number;
  constructor(loaded: number, cause: unknown) {
    super(messageOf(cause), { cause });
    this.loaded = loaded;
  }
}

/** An error's message, with the reason undici keeps in `cause` (fetch's own message says only "fetch failed"). */
export function messageOf(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}

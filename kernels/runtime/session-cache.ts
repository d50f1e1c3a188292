// ORT sessions, built once per graph key and reused.
//
// A key names one graph and its static shape (for example "masked-attention:d16"). Creating a
// session compiles the graph, so it is done once per key; when more than `capacity` keys are live,
// the least recently used session is released, which frees its WASM or GPU memory.

export type Releasable = { release(): Promise<void> };

export class SessionCache<S extends Releasable> {
  private readonly sessions = new Map<string, Promise<S>>();

  private readonly capacity: number;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  /** The session for `key`, created with `create` the first time the key is asked for. */
  get(key: string, create: () => Promise<S>): Promise<S> {
    let session = this.sessions.get(key);
    if (session) {
      this.sessions.delete(key);
    } else {
      session = create();
      session.catch(() => this.sessions.delete(key));
    }
    this.sessions.set(key, session);
    this.evictOverCapacity();
    return session;
  }

  get size(): number {
    return this.sessions.size;
  }

  /** Releases every session (used when the runtime switches backend). */
  async clear(): Promise<void> {
    const all = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(all.map(releaseQuietly));
  }

  private evictOverCapacity(): void {
    while (this.sessions.size > this.capacity) {
      const [oldestKey, oldest] = this.sessions.entries().next().value as [string, Promise<S>];
      this.sessions.delete(oldestKey);
      void releaseQuietly(oldest);
    }
  }
}

async function releaseQuietly<S extends Releasable>(session: Promise<S>): Promise<void> {
  try {
    await (await session).release();
  } catch {
    // A session that failed to build has nothing to release.
  }
}

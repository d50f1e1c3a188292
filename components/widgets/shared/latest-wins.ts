// Coalescing for live widgets: a slider dragged across ten values must not queue ten computations,
// and an answer that arrives after the reader has moved on must not be drawn.
//
// One computation runs at a time. Requests submitted meanwhile replace each other, so only the
// newest waits. A finished computation is delivered only if it answers the newest request; an
// older answer is dropped, because a newer one is on its way.

export type LatestWinsHandlers<Request, Result> = {
  readonly work: (request: Request) => Promise<Result>;
  readonly deliver: (result: Result, request: Request) => void;
  readonly fail: (error: unknown, request: Request) => void;
};

/** Returns `submit(request)`; see the file comment for the guarantees. */
export function latestWins<Request, Result>(handlers: LatestWinsHandlers<Request, Result>): (request: Request) => void {
  let running = false;
  let waiting: { request: Request; ticket: number } | undefined;
  let newestTicket = 0;

  async function drain(): Promise<void> {
    running = true;
    while (waiting !== undefined) {
      const { request, ticket } = waiting;
      waiting = undefined;
      try {
        const result = await handlers.work(request);
        if (ticket === newestTicket) handlers.deliver(result, request);
      } catch (error) {
        if (ticket === newestTicket) handlers.fail(error, request);
      }
    }
    running = false;
  }

  return (request) => {
    newestTicket += 1;
    waiting = { request, ticket: newestTicket };
    if (!running) void drain();
  };
}

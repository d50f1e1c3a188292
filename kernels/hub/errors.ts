// What went wrong talking to a hub, as a kind (so a page can react: ask for a token, offer a retry)
// and a message a reader can act on. A HubError is a CheckpointError: everything that catches
// checkpoint problems catches these too.
import { CheckpointError } from '../checkpoint/errors.ts';

export type HubFailure =
  /** The repository, revision or file does not exist (or is private and no token was given). */
  | 'not-found'
  /** The repository is gated or private: a token is needed, or the one given was refused. */
  | 'gated'
  /** No answer at all: offline, a refused connection, or (in a browser) a CORS refusal. */
  | 'network'
  /** Any other HTTP status. */
  | 'http'
  /** The body ended before the file did, and resuming with Range did not finish it. */
  | 'dropped'
  /** The hub served fewer or more bytes than the file holds. */
  | 'truncated'
  /** The reader cancelled. */
  | 'cancelled';

export class HubError extends CheckpointError {
  override name = 'HubError';
  readonly failure: HubFailure;

  constructor(failure: HubFailure, message: string) {
    super(message);
    this.failure = failure;
  }
}

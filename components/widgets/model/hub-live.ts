// The hub part's heavy half, loaded on the reader's first click in it (never with the page): the
// plan from a hub's headers, the list of models kept in Cache Storage, and how a failure is classed.
import { CheckpointError } from '../../../kernels/checkpoint/errors.ts';
import { ConfigError } from '../../../kernels/families/detect.ts';
import { HubError } from '../../../kernels/hub/errors.ts';
import type { FailureKind } from './hub-strings.ts';

export { planHubModel } from '../shared/hub-models.ts';
export { freeCachedModel, listCachedModels, type CachedModel } from '../../../kernels/hub/cache-storage.ts';

/** The class of `error`, for the sentence that leads its message. */
export function failureKind(error: unknown): FailureKind {
  if (error instanceof HubError) return error.failure;
  if (error instanceof CheckpointError || error instanceof ConfigError) return 'checkpoint';
  return 'other';
}

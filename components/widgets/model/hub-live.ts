// The hub part's heavy half, loaded on the reader's first click in it (never with the page): the
// plan from a hub's headers, the list of models kept in Cache Storage, and how a failure is classed.
export { planHubModel } from '../shared/hub-models.ts';
export { failureKind } from '../shared/hub-source.ts';
export { freeCachedModel, listCachedModels, type CachedModel } from '../../../kernels/hub/cache-storage.ts';

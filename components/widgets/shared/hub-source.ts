// A hub repository as the widgets name it (a hub by name, a repository id, a revision, maybe a token),
// turned into a HubClient; and how a failure on the way is classed for the sentence that leads its
// message. Shared by the model panel's hub part (hub-models.ts) and the tokenizer widget, both of
// which import it only on first use.
import { CheckpointError } from '../../../kernels/checkpoint/errors.ts';
import { ConfigError } from '../../../kernels/families/detect.ts';
import { HubError, type HubFailure } from '../../../kernels/hub/errors.ts';
import { HubClient } from '../../../kernels/hub/http.ts';
import { HUBS, isHubName, repoIdProblem, siteHub, SITE_HUB_NAME, type Hub } from '../../../kernels/hub/hubs.ts';

/** A repository on a hub, as the hub fields (HubFields.astro) describe it. */
export type HubRepoFields = {
  /** A hub of kernels/hub/hubs.ts by name, or 'site' (the mirror on the page's own origin). */
  readonly hub: string;
  /** organisation/name */
  readonly repo: string;
  readonly revision: string;
  /** For gated repositories: kept in memory for the session, never stored, never in a URL. */
  readonly token?: string;
};

/**
 * How a failure is classed: a hub's (kernels/hub/errors.ts), 'checkpoint' for anything wrong with the
 * files themselves (format, family, dtype, a missing tensor, too large), 'other' for the rest (a
 * repository id that is not one), whose message says it all.
 */
export type FailureKind = HubFailure | 'checkpoint' | 'other';

/** The hub a page names: one of kernels/hub/hubs.ts, or 'site', the mirror on the page's own origin. */
export function hubNamed(name: string): Hub {
  if (name === SITE_HUB_NAME) return siteHub(new URL(import.meta.env.BASE_URL, location.origin).href);
  if (isHubName(name)) return HUBS[name];
  throw new Error(`there is no hub named '${name}' on this site`);
}

/** A client for the repository of `fields`; a repository id that is not one is refused before any request. */
export function hubClientFor(fields: HubRepoFields): HubClient {
  const problem = repoIdProblem(fields.repo);
  if (problem !== null) throw new Error(problem);
  return new HubClient({
    hub: hubNamed(fields.hub),
    repo: fields.repo,
    revision: fields.revision,
    ...(fields.token !== undefined && { token: fields.token }),
  });
}

/** The class of `error`, for the sentence that leads its message. */
export function failureKind(error: unknown): FailureKind {
  if (error instanceof HubError) return error.failure;
  if (error instanceof CheckpointError || error instanceof ConfigError) return 'checkpoint';
  return 'other';
}

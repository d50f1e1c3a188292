// The hubs a checkpoint can be fetched from, and how each one names a file of a repository.
//
// Hugging Face:  https://huggingface.co/<org>/<name>/resolve/<revision>/<file>
//   Small files are answered directly; large (LFS/Xet) files get a 302 to a storage host with a
//   signed URL, which is why a browser's CSP connect-src must name those hosts too. Range requests
//   work on both, and the responses carry Access-Control-Allow-Origin: * (CORS), so a page on
//   another origin may read them. The redirect hosts below are the ones Hugging Face publishes for
//   firewalls in https://huggingface.co/.well-known/meta.json (its "lfsDomains" and "cdnDomains",
//   read in 2026), plus cas-bridge.xethub.hf.co, which its hub-docs (models-downloading.md) name for
//   Xet-stored files. They have changed over the years (cdn-lfs.* → cas-bridge.xethub.* →
//   *.cdn.hf.co), so a failed large-file download in the page is first suspected here.
// hf-mirror:     https://hf-mirror.com/<org>/<name>/resolve/<revision>/<file>
//   The same scheme as Hugging Face (it proxies it). Large files have been seen redirected to
//   cas-bridge.xethub.hf-mirror.com (an issue on padeoe/hf-mirror-site, 2025). Fairly sure of the
//   scheme; less sure of the redirect hosts, which follow Hugging Face's.
// ModelScope:    https://www.modelscope.cn/api/v1/models/<org>/<name>/repo?Revision=<revision>&FilePath=<file>
//   This is the URL modelscope's own Python client builds (`get_file_download_url` in
//   modelscope/hub/file_download.py), and the same client downloads with Range requests; the
//   default revision is 'master', not 'main'. Third-party scripts also use an HF-style
//   /models/<org>/<name>/resolve/master/<file>. Sure of the scheme. CORS, from ModelScope's
//   maintainers (modelscope/modelscope issues #1395 and #1399, July 2025): the site enforces no CORS
//   restriction, and large (LFS) files are redirected to cdn-lfs-cn-1.modelscope.cn, which they
//   showed answering with Access-Control-Allow-Origin: * and Range and Authorization among the
//   allowed headers; so the CSP names that host. Not tried from a browser here (no network): a
//   redirect to another CDN host would be blocked by the CSP, and the failure names the host.
//   The command line does not need CORS, so ModelScope works there either way.
//
// Any other base URL (the command line's --hub, the tests' stand-in hub) uses Hugging Face's scheme.

export type Hub = {
  /** Short name, as in `?hub=<name>`. */
  readonly name: string;
  readonly label: string;
  /** scheme://host[:port] of the hub, without a trailing slash. */
  readonly origin: string;
  /** The revision meant when none is given. */
  readonly defaultRevision: string;
  /** Origins the hub redirects large files to (for the CSP), as far as we know them. */
  readonly largeFileOrigins: readonly string[];
  /** URL of `file` in repository `repo` at `revision`. */
  fileUrl(repo: string, revision: string, file: string): string;
};

/** Repository ids are `org/name`, each part letters, digits, '-', '_' and '.', not starting with '.' or '-'. */
const REPO_ID = /^[A-Za-z0-9_][A-Za-z0-9_.-]*\/[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** Why `repo` is not a repository id, or null when it is one. */
export function repoIdProblem(repo: string): string | null {
  if (REPO_ID.test(repo) && !repo.includes('..')) return null;
  return `'${repo}' is not a repository id: expected organisation/name, e.g. Qwen/Qwen2.5-0.5B`;
}

/** The path of a file inside a repository, each segment escaped (file names may hold spaces or '#'). */
const filePath = (file: string) => file.split('/').map(encodeURIComponent).join('/');

function resolveScheme(origin: string) {
  return (repo: string, revision: string, file: string) =>
    `${origin}/${repo}/resolve/${encodeURIComponent(revision)}/${filePath(file)}`;
}

function resolveHub(name: string, label: string, origin: string, largeFileOrigins: readonly string[]): Hub {
  return { name, label, origin, defaultRevision: 'main', largeFileOrigins, fileUrl: resolveScheme(origin) };
}

const MODELSCOPE_ORIGIN = 'https://www.modelscope.cn';

export const HUBS = {
  huggingface: resolveHub('huggingface', 'Hugging Face', 'https://huggingface.co', [
    'https://cas-bridge.xethub.hf.co',
    'https://transfer.xethub.hf.co',
    'https://transfer.xethub-eu.hf.co',
    'https://cdn-lfs.hf.co',
    'https://cdn-lfs-us-1.hf.co',
    'https://cdn-lfs-eu-1.hf.co',
    'https://aws.cdn.hf.co',
    'https://us.aws.cdn.hf.co',
    'https://us-east-1.aws.cdn.hf.co',
    'https://us-west-2.aws.cdn.hf.co',
    'https://eu-west-3.aws.cdn.hf.co',
    'https://ap-southeast-1.aws.cdn.hf.co',
    'https://us.gcp.cdn.hf.co',
    'https://us-east1.us.gcp.cdn.hf.co',
    'https://us-central1.us.gcp.cdn.hf.co',
    'https://us-west4.us.gcp.cdn.hf.co',
    'https://europe-west4.us.gcp.cdn.hf.co',
    'https://asia-southeast1.us.gcp.cdn.hf.co',
  ]),
  'hf-mirror': resolveHub('hf-mirror', 'hf-mirror', 'https://hf-mirror.com', [
    'https://cas-bridge.xethub.hf-mirror.com',
  ]),
  modelscope: {
    name: 'modelscope',
    label: 'ModelScope',
    origin: MODELSCOPE_ORIGIN,
    defaultRevision: 'master',
    largeFileOrigins: ['https://cdn-lfs-cn-1.modelscope.cn'],
    fileUrl: (repo, revision, file) =>
      `${MODELSCOPE_ORIGIN}/api/v1/models/${repo}/repo?Revision=${encodeURIComponent(revision)}&FilePath=${encodeURIComponent(file)}`,
  },
} as const satisfies Record<string, Hub>;

export type HubName = keyof typeof HUBS;
export const HUB_NAMES = Object.keys(HUBS) as HubName[];

export function isHubName(name: string): name is HubName {
  return Object.hasOwn(HUBS, name);
}

/**
 * Every origin a page may fetch checkpoint files from: the hubs it offers and the hosts they send
 * large files to. The site's CSP connect-src is built from this list (site/strict-csp.mjs) with
 * 'self' added, which covers the site's own mirror (`siteHub`).
 */
export function hubOrigins(): string[] {
  return [...new Set(Object.values(HUBS).flatMap((hub) => [hub.origin, ...hub.largeFileOrigins]))];
}

/** The hub name a page uses for its own origin's mirror. */
export const SITE_HUB_NAME = 'site';

/**
 * The site's own mirror: `<site base>/hub/<org>/<name>/resolve/<revision>/<file>`, Hugging Face's
 * scheme under a fixed path of the origin that serves the page (a deployment may put released
 * checkpoints there; the browser tests serve their stand-in hub there). `siteBase` is the page's
 * base URL, e.g. https://example.org/ or https://example.org/docs/.
 */
export function siteHub(siteBase: string): Hub {
  const origin = new URL('hub', siteBase.replace(/\/?$/, '/')).href;
  return { ...hubAt(origin), name: SITE_HUB_NAME };
}

/**
 * A hub at any base URL with Hugging Face's file scheme (the command line's --hub, a stand-in hub in
 * tests). A base URL that is one of the known hubs gets that hub's own scheme and revision.
 */
export function hubAt(baseUrl: string): Hub {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new Error(`--hub: '${baseUrl}' is not a URL (expected e.g. https://huggingface.co)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new Error(`--hub: '${baseUrl}' is not an http(s) URL`);
  const known = Object.values(HUBS).find((hub) => hub.origin === url.origin && url.pathname.replace(/\/+$/, '') === '');
  if (known !== undefined) return known;
  const origin = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  return resolveHub(origin, origin, origin, []);
}

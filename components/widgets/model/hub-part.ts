// The hub part (HubPart.astro) of the model panel and the attention-sharing widget: the reader names a
// repository on a hub, reads its headers (the plan card: family, dtype, parameters, bytes, memory
// plan), then downloads it with a progress bar and a Cancel button; the widget around it (the
// "panel" below) opens the model like any other (shared/models.ts).
//
// data-hub-state on the part: idle → planning → planned (Download allowed: resident or layer by
// layer) or refused (cannot run) → downloading → opened; failed from any step (the panel's message
// area says why; every field stays, so a retry is one click). A link fills the fields and opens the
// part; reading the headers waits for the click. The token lives in a password field and in the request's header only.
import { onLoadProgress } from '../../../kernels/runtime/progress.ts';
import { messageOf, onFirstUse, widgetElements } from '../shared/controller.ts';
import type { Lang } from '../shared/lang.ts';
import { showMessages } from '../shared/message-area.ts';
import type { Source } from '../shared/models.ts';
import { replaceUrlParams } from '../shared/url-state.ts';
import { downloadPace, HUB_PARAMS, parseHubLink } from '../shared/hub-state.ts';
import { HUB_STRINGS, type PlanFigures } from '../shared/hub-strings.ts';

export type HubModelSource = Extract<Source, { kind: 'hub' }>;

type HubLive = typeof import('./hub-live.ts');

/** The plan code and the cache list, imported on the first click in the part. */
const loadHubLive = onFirstUse((): Promise<HubLive> => import('./hub-live.ts'));

type HubState = 'idle' | 'planning' | 'planned' | 'refused' | 'downloading' | 'opened' | 'failed';

/** What the model panel tells the part about the models it opens. */
export type HubPart = {
  opened(source: HubModelSource): void;
  /** Opening it failed (a download under way ends; the message area says why). */
  failed(error: unknown): void;
  /** The panel showed another model: a download that was under way has ended unseen (it stays cached). */
  elsewhere(): void;
};

export function mountHubPart(
  root: HTMLElement,
  options: {
    readonly lang: Lang;
    /** The panel's message area, where failures and notes go. */
    readonly message: HTMLElement;
    /** Has the panel open (download and run) the model of `source`. */
    readonly open: (source: HubModelSource) => void;
  },
): HubPart {
  const s = HUB_STRINGS[options.lang];
  const { find, role } = widgetElements(root, 'model panel (hub part)');
  const part = role('hub') as HTMLDetailsElement;
  const controls = {
    hub: find<HTMLSelectElement>('select[name="hub-name"]'),
    repo: find<HTMLInputElement>('input[name="hub-repo"]'),
    revision: find<HTMLInputElement>('input[name="hub-revision"]'),
    token: find<HTMLInputElement>('input[name="hub-token"]'),
    plan: find<HTMLButtonElement>('button[data-action="hub-plan"]'),
    download: find<HTMLButtonElement>('button[data-action="hub-download"]'),
    cancel: find<HTMLButtonElement>('button[data-action="hub-cancel"]'),
  };
  const outputs = {
    status: role('hub-status'),
    plan: role('hub-plan'),
    progress: role('hub-progress'),
    bar: find<HTMLProgressElement>('[data-role="hub-progress"] progress'),
    progressText: role('hub-progress-text'),
    cache: role('hub-cache') as HTMLDetailsElement,
    cacheList: role('hub-cache-list'),
    cacheEmpty: role('hub-cache-empty'),
  };
  const fact = (name: string) => find<HTMLElement>(`[data-role="hub-plan"] [data-fact="${name}"]`);
  const hubLabel = (name: string) => [...controls.hub.options].find((o) => o.value === name)?.textContent ?? name;

  /** The fields a plan was read for: Download opens exactly those. */
  let planned: HubModelSource | undefined;
  /** Cancels the header reads or the download in flight. */
  let inFlight: AbortController | undefined;
  let downloadStarted = 0;

  const setState = (state: HubState) => {
    part.dataset['hubState'] = state;
    controls.cancel.disabled = state !== 'planning' && state !== 'downloading';
    controls.download.disabled = !(state === 'planned' || (state === 'failed' && planned !== undefined) || state === 'opened');
    controls.plan.disabled = state === 'downloading';
  };
  const defaultRevision = () => controls.hub.selectedOptions[0]?.dataset['revision'] ?? 'main';
  const fields = (): HubModelSource => ({
    kind: 'hub',
    hub: controls.hub.value,
    repo: controls.repo.value.trim(),
    revision: controls.revision.value.trim() || defaultRevision(),
    ...(controls.token.value !== '' && { token: controls.token.value }),
  });
  const showFailure = async (error: unknown) => {
    const kind = await loadHubLive().then(
      (live) => live.failureKind(error),
      () => 'other' as const,
    );
    showMessages(options.message, [s.failure(kind, messageOf(error))]);
    if (kind === 'gated') controls.token.focus();
  };

  function drawPlan(plan: PlanFigures): void {
    outputs.plan.hidden = false;
    outputs.plan.dataset['mode'] = plan.memory.mode;
    // The name only: the detector's details are English; the architecture card says them in the page's language.
    fact('family').textContent = plan.name;
    fact('dtype').textContent = plan.dtypes.join(' + ');
    fact('parameters').textContent = s.parameters(plan.parameters);
    fact('download').textContent = s.downloadSize(plan.downloadBytes, plan.files);
    fact('memory').textContent = s.memoryMode(plan.memory);
    fact('fetched').textContent = s.fetched(plan.fetched.bytes, plan.fetched.requests);
  }

  async function readHeaders(): Promise<void> {
    const source = fields();
    if (source.repo === '') {
      showMessages(options.message, [s.emptyRepo]);
      controls.repo.focus();
      return;
    }
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    planned = undefined;
    outputs.plan.hidden = true;
    outputs.progress.hidden = true;
    setState('planning');
    outputs.status.textContent = s.planning(source.repo);
    showMessages(options.message, []);
    replaceUrlParams({ [HUB_PARAMS.hub]: source.hub, [HUB_PARAMS.model]: source.repo });
    try {
      const live = await loadHubLive();
      const plan = await live.planHubModel({ ...source, signal: controller.signal });
      if (inFlight !== controller) return;
      drawPlan(plan);
      // Resident or layer by layer, it runs: only a plan that cannot run refuses Download.
      const runs = plan.memory.mode !== 'cannot-run';
      planned = runs ? source : undefined;
      setState(runs ? 'planned' : 'refused');
      outputs.status.textContent = s.planned;
    } catch (error) {
      if (inFlight !== controller) return;
      setState('failed');
      outputs.status.textContent = '';
      await showFailure(error);
    }
  }

  function download(): void {
    if (planned === undefined) return;
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    downloadStarted = performance.now();
    outputs.bar.value = 0;
    outputs.progressText.textContent = '';
    outputs.progress.hidden = false;
    setState('downloading');
    outputs.status.textContent = '';
    options.open({ ...planned, signal: controller.signal });
  }

  // The weights' bytes as the kernels report them (cached files count at once).
  onLoadProgress((progress) => {
    if (part.dataset['hubState'] !== 'downloading' || progress.stage !== 'weights') return;
    const { loaded, total } = progress;
    if (loaded === undefined || total === undefined || total === 0) return;
    outputs.bar.value = loaded / total;
    const pace = downloadPace({ loaded, total }, performance.now() - downloadStarted);
    outputs.progressText.textContent = s.downloading(loaded, total, pace.bytesPerSecond, pace.secondsLeft);
  });

  async function showCache(): Promise<void> {
    if (globalThis.caches === undefined) {
      outputs.cacheEmpty.textContent = s.cacheUnavailable;
      return;
    }
    const live = await loadHubLive();
    const models = await live.listCachedModels(caches);
    outputs.cacheList.replaceChildren(
      ...models.map((model) => {
        const item = document.createElement('li');
        const text = document.createElement('span');
        text.textContent = s.cacheEntry(model.repo, model.revision, hubLabel(model.hub), model.bytes);
        const free = document.createElement('button');
        free.type = 'button';
        free.dataset['action'] = 'hub-free';
        free.textContent = s.free;
        free.setAttribute('aria-label', s.freeLabel(model.repo));
        free.addEventListener('click', async () => {
          await live.freeCachedModel(caches, model);
          outputs.status.textContent = s.freed(model.repo);
          await showCache();
          controls.plan.focus();
        });
        item.append(text, free);
        return item;
      }),
    );
  }
  const refreshCache = () => {
    if (outputs.cache.open) showCache().catch((error: unknown) => showMessages(options.message, [messageOf(error)]));
  };

  controls.plan.addEventListener('click', () => void readHeaders());
  controls.download.addEventListener('click', download);
  controls.cancel.addEventListener('click', () => inFlight?.abort());
  // A field changed after a plan: that plan no longer describes what Download would fetch.
  for (const field of [controls.hub, controls.repo, controls.revision, controls.token]) {
    field.addEventListener('input', () => {
      if (part.dataset['hubState'] === 'planned' || part.dataset['hubState'] === 'refused') {
        planned = undefined;
        outputs.plan.hidden = true;
        outputs.status.textContent = '';
        setState('idle');
      }
    });
  }
  // Enter in a field reads the headers, as the button does.
  for (const field of [controls.repo, controls.revision, controls.token]) {
    field.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') void readHeaders();
    });
  }
  controls.hub.addEventListener('change', () => (controls.revision.placeholder = defaultRevision()));
  outputs.cache.addEventListener('toggle', refreshCache);

  // A link fills the fields and opens the part; an unknown hub is named and never fetched from.
  const link = parseHubLink(
    location.search,
    [...controls.hub.options].map((option) => option.value),
  );
  if (link !== undefined) {
    part.open = true;
    if (link.hub !== undefined) controls.hub.value = link.hub;
    if (link.repo !== undefined) controls.repo.value = link.repo;
    controls.revision.placeholder = defaultRevision();
    showMessages(options.message, link.notes.map(s.note));
  }
  setState('idle');

  return {
    opened(source) {
      if (inFlight?.signal !== source.signal) return;
      inFlight = undefined;
      outputs.bar.value = 1;
      setState('opened');
      outputs.status.textContent = s.opened(source.repo);
      refreshCache();
    },
    failed(error) {
      if (part.dataset['hubState'] !== 'downloading') return;
      inFlight = undefined;
      setState('failed');
      void showFailure(error);
      refreshCache();
    },
    elsewhere() {
      if (part.dataset['hubState'] !== 'downloading') return;
      inFlight = undefined;
      outputs.progress.hidden = true;
      setState(planned === undefined ? 'idle' : 'planned');
    },
  };
}

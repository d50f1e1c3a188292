// The model panel's client controller. It reads the controls, keeps them and the URL in step with
// the state, and hands each action (run the prompt, generate, one more token, clear the cache) to the
// live module, loaded on first use. No model math here: that lives in kernels/demos/model-panel.ts
// and kernels/sampling.ts. "Generate" streams its tokens through ./generation.ts.
//
// data-state on the root: idle (server markup, nothing loaded) → loading (an action is on its way)
// → ready (its results are in the DOM) or error (the message says why; every input stays).
import { seededRandom } from '../../../kernels/random.ts';
import { messageOf, onFirstUse, widgetElements } from '../shared/controller.ts';
import { langOf, type Lang } from '../shared/lang.ts';
import { latestWins } from '../shared/latest-wins.ts';
import { followLoadProgress } from '../shared/load-progress.ts';
import { showMessages } from '../shared/message-area.ts';
import { showRunReport } from '../shared/run-status.ts';
import { attachPresenter } from '../shared/presenter.ts';
import { hasNamespace, replaceUrlParams, withParams } from '../shared/url-state.ts';
import type { Source } from '../shared/models.ts';
import { hasTrained, sourceOf, weightsUsed, type Weights } from '../shared/weights.ts';
import {
  MODEL_NAMESPACE,
  NoteError,
  NOTHING_ADDED,
  serializeModelState,
  type ModelPanelState,
  type StateNote,
} from './state.ts';
import { modelPresenterSteps } from './presenter-steps.ts';
import { fitSampling, SAMPLING_PARAMS } from './sampling-state.ts';
import { Generation, settingsOf, streamGeneration, type Shown } from './generation.ts';
import { MODEL_STRINGS, type ModelStrings } from './strings.ts';
import { askedSampling, findSamplingInputs, readSampling, restoreFields } from './panel-fields.ts';
import { panelView } from './panel-view.ts';
import { mountHubPart, type HubModelSource } from './hub-part.ts';
import { HUB_STRINGS } from '../shared/hub-strings.ts';

type Live = typeof import('./live.ts');

/** The heavy module, imported on the first action; a failed import is retried by the next one. */
const loadLive = onFirstUse((): Promise<Live> => import('./live.ts'));

/** The select options that stand for the reader's own files and for a checkpoint from a hub. */
const UPLOAD = 'upload';
const HUB = 'hub';
/** Options that are not one of the page's replicas. */
const isOwnModel = (value: string) => value === UPLOAD || value === HUB;

type Action = 'run' | 'generate' | 'next' | 'reset';
type Request = {
  readonly action: Action;
  readonly source: Source;
  readonly state: ModelPanelState;
  readonly notes: readonly StateNote[];
  readonly changedAt: number;
};
function mountModelPanel(root: HTMLElement): void {
  const lang: Lang = langOf(root.dataset['lang']);
  const strings: ModelStrings = MODEL_STRINGS[lang];
  const { find, role } = widgetElements(root, 'model panel');
  const controls = {
    replica: find<HTMLSelectElement>('select[name="model-replica"]'),
    untrained: find<HTMLInputElement>('input[name="model-untrained"]'),
    text: find<HTMLTextAreaElement>('textarea[name="model-text"]'),
    ids: find<HTMLInputElement>('input[name="model-ids"]'),
    layer: find<HTMLSelectElement>('select[name="model-layer"]'),
    head: find<HTMLSelectElement>('select[name="model-head"]'),
    run: find<HTMLButtonElement>('button[data-action="run"]'),
    generate: find<HTMLButtonElement>('button[data-action="generate"]'),
    stop: find<HTMLButtonElement>('button[data-action="stop"]'),
    next: find<HTMLButtonElement>('button[data-action="next-token"]'),
    reset: find<HTMLButtonElement>('button[data-action="reset"]'),
    files: find<HTMLInputElement>('input[type=file][name="model-files"]'),
  };
  const samplingInputs = findSamplingInputs(find);
  const outputs = {
    architecture: role('architecture'),
    weightsHint: role('weights-hint'),
    tokens: role('tokens'),
    kvHead: role('kv-head'),
    heatmap: role('attention-heatmap'),
    top: role('top-tokens'),
    topCaption: role('top-caption'),
    cacheLength: role('cache-length'),
    status: role('status'),
    message: role('message'),
    results: role('results'),
  };
  const replicas = [...controls.replica.options].map((option) => option.value);
  const view = panelView(lang, strings, controls, outputs);

  let shown: Shown | undefined;
  /** The reader's choice of weights; a variant without a trained model runs random ones whatever it is. */
  let weights: Weights = 'trained';
  /** The reader runs the ids field (after editing it) rather than the text, until the text changes. */
  let idsMode = false;
  let uploadFiles: readonly File[] = [];
  /** The hub checkpoint the panel last opened (the HUB option runs it again). */
  let hubSource: HubModelSource | undefined;
  /** The replica the URL names while the reader's own files are open. */
  let lastReplica = controls.replica.value;
  /** What a link asked for and the first run still has to honour: its notes, layer and head. */
  let fromLink: { readonly state: ModelPanelState; readonly notes: readonly StateNote[] } | undefined;
  /** The state of the last prompt that ran, to tell a new prompt from a new view of the same one. */
  let lastRun: ModelPanelState | undefined;
  /** The generation streaming now; Stop and any other action stop it after the token in flight. */
  let generation: Generation | undefined;

  const readState = (): ModelPanelState => ({
    replica: isOwnModel(controls.replica.value) ? lastReplica : controls.replica.value,
    weights,
    text: controls.text.value,
    ids: idsMode ? controls.ids.value : null,
    layer: Number(controls.layer.value),
    head: Number(controls.head.value),
    sampling: fitSampling(askedSampling(samplingInputs)).sampling,
  });
  const readSource = (): Source =>
    controls.replica.value === UPLOAD
      ? { kind: 'upload', files: uploadFiles }
      : controls.replica.value === HUB && hubSource !== undefined
        ? hubSource
        : sourceOf(controls.replica.value, weights);

  /** The switch shows the weights that will run, and is off where the variant has no trained model. */
  function showWeights(): void {
    const replica = isOwnModel(controls.replica.value) ? lastReplica : controls.replica.value;
    const trained = hasTrained(replica);
    controls.untrained.disabled = !trained || isOwnModel(controls.replica.value);
    controls.untrained.checked = weightsUsed(replica, weights) === 'random';
    outputs.weightsHint.textContent = trained ? strings.weights.hint : strings.weights.onlyRandom;
  }

  /** The option for the reader's files or a hub's checkpoint (`value`), added once they opened. */
  function showOwnOption(value: typeof UPLOAD | typeof HUB, text: string): void {
    let option = [...controls.replica.options].find((o) => o.value === value);
    if (option === undefined) {
      option = document.createElement('option');
      option.value = value;
      controls.replica.append(option);
    }
    option.textContent = text;
    controls.replica.value = value;
    showWeights();
  }

  /** Draws `shown` (panel-view.ts) for `request`, with the layer and head it asks for. */
  const drawShown = (request: Request, modelChanged: boolean) =>
    view.drawShown(shown!, { notes: request.notes, view: request.state, modelChanged, idsMode });

  /** Draws each generated token as it comes (./generation.ts); Stop is live meanwhile. */
  async function stream(prompt: Shown, request: Request): Promise<Shown> {
    const { sampling } = request.state;
    const current = new Generation();
    generation = current;
    controls.stop.disabled = false;
    try {
      return await streamGeneration(prompt, sampling, current, (next, generated) => {
        shown = next;
        drawShown(request, false); // the same model generates: card and selectors stay
        controls.next.disabled = true;
        controls.reset.disabled = true;
        outputs.status.textContent = strings.sampling.generating(generated, sampling.maxNew);
      });
    } finally {
      if (generation === current) generation = undefined;
      controls.stop.disabled = true;
    }
  }

  const submit = latestWins<Request, Shown>({
    work: async (request) => {
      const { action, source, state } = request;
      const module = await loadLive();
      const model = await module.openModel(source);
      const same = shown?.model === model;
      const random = seededRandom(state.sampling.seed);
      if (action === 'reset') {
        model.reset();
        return { module, model, step: undefined, added: NOTHING_ADDED, notes: [], random };
      }
      if (action === 'next') {
        if (!same || shown?.step === undefined) throw new Error('run the prompt first');
        // The prompt's notes (cut, special tokens added) still describe what is in the cache.
        const notes = shown.notes.filter((note) => note.kind === 'truncated' || note.kind === 'specials-added');
        const step = await model.next(settingsOf(state.sampling), shown.random);
        return { module, model, step, added: shown.added, notes, random: shown.random };
      }
      const run = await module.runPrompt(model, state);
      // Nothing to run: the last result stays, if it belongs to this model.
      if (run.step === undefined)
        return {
          module,
          model,
          step: same ? shown?.step : undefined,
          added: same ? (shown?.added ?? NOTHING_ADDED) : NOTHING_ADDED,
          notes: run.notes,
          random,
        };
      const prompt: Shown = { module, model, step: run.step, added: run.added, notes: run.notes, random };
      return action === 'generate' && model.generates ? stream(prompt, request) : prompt;
    },
    deliver: (result, request) => {
      const modelChanged = shown?.model !== result.model;
      shown = result;
      if (request.action === 'run') lastRun = request.state;
      if (request.source.kind === 'upload') {
        uploadFiles = request.source.files;
        showOwnOption(UPLOAD, strings.uploadOption(uploadFiles.map((file) => file.name)));
      }
      if (request.source.kind === 'hub') {
        hubSource = request.source;
        showOwnOption(HUB, HUB_STRINGS[lang].menuOption(request.source.repo));
        hub.opened(request.source);
      } else hub.elsewhere();
      drawShown(request, modelChanged);
      if (request.action === 'reset') {
        outputs.status.textContent = strings.cacheCleared;
      } else if (result.step !== undefined) {
        showRunReport(root, outputs.status, { ...result.step, updateMs: performance.now() - request.changedAt }, lang);
      }
      // Written last: the browser restyles what changed when the URL changes.
      replaceUrlParams(serializeModelState(readState()));
      root.dataset['state'] = 'ready';
    },
    fail: (error, request) => {
      root.dataset['state'] = 'error';
      const why = error instanceof NoteError ? strings.note(error.note) : messageOf(error);
      showMessages(outputs.message, [...request.notes.map(strings.note), strings.error(why)]);
      // A refused prompt empties the cache: the last charts stay, but there is nothing to continue.
      const cached = shown?.step !== undefined && shown.model.cacheLength > 0;
      controls.next.disabled = !cached;
      controls.reset.disabled = !cached;
      // A refused prompt is the panel's to explain; anything else on the way from a hub, the hub part's.
      if (request.source.kind === 'hub' && !(error instanceof NoteError)) hub.failed(error);
      else hub.elsewhere();
    },
  });

  // A model from a hub: the part reads its headers, then has the panel open it like the reader's files.
  const hub = mountHubPart(root, { lang, message: outputs.message, open: (source) => act('run', { source }) });

  type Asked = { readonly notes?: readonly StateNote[]; readonly source?: Source; readonly state?: ModelPanelState };

  function act(action: Action, asked: Asked = {}): void {
    generation?.stop();
    const samplingNotes = asked.state === undefined ? readSampling(samplingInputs).notes : [];
    const link = fromLink;
    fromLink = undefined;
    const source = asked.source ?? readSource();
    const state = asked.state ?? (link === undefined ? readState() : { ...readState(), layer: link.state.layer, head: link.state.head });
    const notes = [...(link?.notes ?? []), ...(asked.notes ?? []), ...samplingNotes];
    if (root.dataset['state'] === 'idle') {
      outputs.status.textContent = strings.loadingStatus;
      controls.run.textContent = strings.runAgain;
    }
    root.dataset['state'] = 'loading';
    controls.next.disabled = true;
    controls.reset.disabled = true;
    replaceUrlParams(serializeModelState(state));
    submit({ action, source, state, notes, changedAt: performance.now() });
  }

  followLoadProgress(root, outputs.status, lang);
  controls.run.addEventListener('click', () => act('run'));
  controls.next.addEventListener('click', () => act('next'));
  controls.generate.addEventListener('click', () => act('generate'));
  controls.stop.addEventListener('click', () => generation?.stop());
  // A sampling field changes what the next draw does, not what is drawn: the link follows, nothing runs.
  for (const input of Object.values(samplingInputs)) {
    input.addEventListener('change', () => {
      const { notes } = readSampling(samplingInputs);
      replaceUrlParams(serializeModelState(readState()));
      if (notes.length > 0) showMessages(outputs.message, notes.map(strings.note));
    });
  }
  controls.reset.addEventListener('click', () => act('reset'));
  controls.text.addEventListener('input', () => {
    idsMode = false;
    act('run');
  });
  controls.ids.addEventListener('change', () => {
    idsMode = true;
    act('run');
  });
  controls.replica.addEventListener('change', () => {
    if (!isOwnModel(controls.replica.value)) lastReplica = controls.replica.value;
    showWeights();
    act('run');
  });
  controls.untrained.addEventListener('change', () => {
    weights = controls.untrained.checked ? 'random' : 'trained';
    act('run');
  });
  const onView = () => {
    if (fromLink !== undefined) fromLink = { ...fromLink, state: readState() };
    if (shown !== undefined) showMessages(outputs.message, view.drawView(shown, readState(), []).map(strings.note));
    replaceUrlParams(serializeModelState(readState()));
  };
  controls.layer.addEventListener('change', onView);
  controls.head.addEventListener('change', onView);
  controls.files.addEventListener('change', () => {
    const files = [...(controls.files.files ?? [])];
    if (files.length === 0) return;
    act('run', { source: { kind: 'upload', files } });
  });

  /** Puts the controls into the state the URL parameters `search` describe; returns it with its notes. */
  function restore(search: string): { state: ModelPanelState; notes: StateNote[] } {
    const link = restoreFields(controls, samplingInputs, search, readState(), replicas);
    lastReplica = link.state.replica;
    weights = link.state.weights;
    idsMode = link.state.ids !== null;
    showWeights();
    return link;
  }

  // A shared link restores the controls and says at once what it could not use (an unknown replica);
  // the runtime download and the run wait for the reader's Run, as the idle status promises. Layer
  // and head wait with the run: the selects learn the model's counts when it has opened.
  if (hasNamespace(location.search, MODEL_NAMESPACE)) {
    fromLink = restore(location.search);
    showMessages(outputs.message, fromLink.notes.map(strings.note));
  }

  // Presenter mode: a step that names a token count generates; one that only moves layer or head
  // redraws the prompt already run; any other step runs the prompt, as the Run button would.
  attachPresenter(root, {
    lang,
    steps: modelPresenterSteps(lang, {
      layers: controls.layer.options.length,
      heads: controls.head.options.length,
      trained: hasTrained(controls.replica.value),
    }),
    apply: (params) => {
      const { state, notes } = restore(withParams(location.search, params));
      const samePrompt =
        shown?.step !== undefined &&
        lastRun !== undefined &&
        !isOwnModel(controls.replica.value) &&
        [lastRun.replica, lastRun.weights, lastRun.text, lastRun.ids].join('\0') ===
          [state.replica, state.weights, state.text, state.ids].join('\0');
      if (SAMPLING_PARAMS.maxNew in params) act('generate', { notes, state });
      else if (samePrompt) {
        showMessages(outputs.message, view.drawView(shown, state, notes).map(strings.note));
        replaceUrlParams(serializeModelState(readState()));
      } else act('run', { notes, state });
    },
  });
}

export function mountModelPanels(): void {
  for (const root of document.querySelectorAll<HTMLElement>('section[data-widget="model"]')) mountModelPanel(root);
}

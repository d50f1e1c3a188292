// The quantization widget's client controller. It reads the controls (model, bits, group size,
// prompt), keeps them and the URL in step with the state, shows what was clamped or refused (the
// reader's typed text stays in its field), and hands each update to the live module (loaded on first
// use) to compute and draw. No model math here: that lives in kernels/demos/.
//
// data-state on the root: idle (server markup, nothing loaded) → loading → ready or error. A link
// restores the controls but computes nothing until the reader changes something or presses Run
// (presenter mode counts as pressing Run).
import { messageOf, onFirstUse, widgetElements } from '../shared/controller.ts';
import { langOf, type Lang } from '../shared/lang.ts';
import { latestWins } from '../shared/latest-wins.ts';
import { showMessages } from '../shared/message-area.ts';
import { attachPresenter, type StepParams } from '../shared/presenter.ts';
import { showRunReport } from '../shared/run-status.ts';
import { hasNamespace, replaceUrlParams, withParams } from '../shared/url-state.ts';
import {
  groupSizeOf,
  parseQuantState,
  QUANT_DEFAULTS,
  QUANT_MODELS,
  QUANT_NAMESPACE,
  QUANT_PARAMS,
  readBits,
  readText,
  serializeQuantState,
  type QuantNote,
  type QuantState,
} from './state.ts';
import { presenterSteps } from './steps.ts';
import { QUANT_STRINGS, type QuantStrings } from './strings.ts';

type Live = typeof import('./live.ts');

const loadLive = onFirstUse((): Promise<Live> => import('./live.ts'));

type Request = { readonly state: QuantState; readonly changedAt: number };

function mountQuantizationWidget(root: HTMLElement): void {
  const lang: Lang = langOf(root.dataset['lang']);
  const strings: QuantStrings = QUANT_STRINGS[lang];
  const { find, role } = widgetElements(root, 'quantization widget');
  const named = <T extends Element>(key: keyof typeof QUANT_PARAMS) => find<T>(`[name="${QUANT_PARAMS[key]}"]`);
  const controls = {
    model: named<HTMLSelectElement>('model'),
    bits: named<HTMLInputElement>('bits'),
    group: named<HTMLSelectElement>('groupSize'),
    text: named<HTMLInputElement>('text'),
    run: find<HTMLButtonElement>('button[data-action="run"]'),
  };
  const outputs = {
    status: role('status'),
    message: role('message'),
    results: role('results'),
    targets: {
      rows: find<HTMLTableSectionElement>('tbody[data-role="top-rows"]'),
      quantizedHeader: role('quantized-header'),
      kl: role('kl'),
      sameTop: role('same-top'),
      error: role('error'),
      bytes: role('bytes'),
      bytesDetail: role('bytes-detail'),
      chart: role('chart'),
    },
  };

  let state: QuantState = QUANT_DEFAULTS;
  /** Notes about what the reader typed, kept until that field changes; a link's until the next link. */
  const fieldNotes: { bits: QuantNote[]; text: QuantNote[] } = { bits: [], text: [] };
  let linkNotes: QuantNote[] = [];

  function showNotes(): void {
    showMessages(outputs.message, [...linkNotes, ...fieldNotes.bits, ...fieldNotes.text].map(strings.note));
  }

  /** Puts `next` into the controls; the typed fields are rewritten only when `rewriteTyped` (a link, a presenter step). */
  function writeControls(next: QuantState, rewriteTyped: boolean): void {
    controls.model.value = next.model;
    controls.group.value = String(next.groupSize);
    if (rewriteTyped) {
      controls.bits.value = String(next.bits);
      controls.text.value = next.text;
    }
  }

  const submit = latestWins<Request, { live: Live; run: Awaited<ReturnType<Live['computeQuantization']>> }>({
    work: async ({ state: s }) => {
      const live = await loadLive();
      return { live, run: await live.computeQuantization(s) };
    },
    deliver: ({ live, run }, { state: s, changedAt }) => {
      outputs.results.hidden = false;
      live.drawQuantization(outputs.targets, run, s, strings);
      const { backend, fallbackReason } = run.comparison;
      showRunReport(root, outputs.status, { backend, fallbackReason, runMs: run.runMs, updateMs: performance.now() - changedAt }, lang);
      // The link follows what is shown, written after drawing (history updates are slow in Chromium).
      replaceUrlParams(serializeQuantState(s));
      root.dataset['state'] = 'ready';
    },
    fail: (error) => {
      root.dataset['state'] = 'error';
      showMessages(outputs.message, [strings.error(messageOf(error))]);
    },
  });

  /** Every change goes through here: remember, reflect in the controls, compute. */
  function setState(next: QuantState, rewriteTyped = false): void {
    state = next;
    writeControls(next, rewriteTyped);
    showNotes();
    if (root.dataset['state'] === 'idle') {
      outputs.status.textContent = strings.loadingStatus;
      controls.run.textContent = strings.runAgain;
    }
    root.dataset['state'] = 'loading';
    submit({ state: next, changedAt: performance.now() });
  }

  controls.model.addEventListener('change', () => {
    if (QUANT_MODELS.includes(controls.model.value)) setState({ ...state, model: controls.model.value });
  });
  controls.bits.addEventListener('input', () => {
    fieldNotes.bits = [];
    setState({ ...state, bits: readBits(controls.bits.value, state.bits, fieldNotes.bits) });
  });
  controls.group.addEventListener('change', () => {
    const groupSize = groupSizeOf(controls.group.value);
    if (groupSize !== undefined) setState({ ...state, groupSize });
  });
  controls.text.addEventListener('input', () => {
    fieldNotes.text = [];
    setState({ ...state, text: readText(controls.text.value, state.text, fieldNotes.text) });
  });
  controls.run.addEventListener('click', () => setState(state));

  /** A link's (or a presenter step's) parameters: the state they spell, on top of the defaults. */
  function fromParams(search: string): QuantState {
    const parsed = parseQuantState(search, QUANT_DEFAULTS);
    linkNotes = parsed.notes;
    fieldNotes.bits = [];
    fieldNotes.text = [];
    return parsed.state;
  }

  attachPresenter(root, {
    lang,
    steps: presenterSteps(lang),
    apply: (params: StepParams) => setState(fromParams(withParams('', params)), true),
  });

  // A shared link carries the state: restore the controls, compute nothing until the reader acts.
  if (hasNamespace(location.search, QUANT_NAMESPACE)) {
    state = fromParams(location.search);
    writeControls(state, true);
    showNotes();
    outputs.status.textContent = strings.restoredStatus;
  } else {
    writeControls(state, true);
  }
}

export function mountQuantizationWidgets(): void {
  for (const root of document.querySelectorAll<HTMLElement>('section[data-widget="quantization"]')) mountQuantizationWidget(root);
}

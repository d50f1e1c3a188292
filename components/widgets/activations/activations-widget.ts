// The activations widget's client controller. The curve controls (focus, z₀, up) go to the live
// module, loaded on first use, which runs the ONNX graph and draws; the FFN-width calculator is
// plain arithmetic from the catalog and updates at once. Controls and URL stay in step with the
// state. No model math here: that lives in kernels/demos/ffn-demo.ts and kernels/families/ffn-width.ts.
//
// data-state on the root: idle (nothing loaded) → loading → ready or error. A link restores the
// controls (and the width derivation) but runs nothing until the reader changes a curve control or
// presses Run (presenter mode counts as pressing Run).
import { messageOf, onFirstUse, widgetElements } from '../shared/controller.ts';
import { setAttr, setText } from '../shared/dom-patch.ts';
import { langOf, type Lang } from '../shared/lang.ts';
import { latestWins } from '../shared/latest-wins.ts';
import { showMessages } from '../shared/message-area.ts';
import { attachPresenter } from '../shared/presenter.ts';
import { showRunReport } from '../shared/run-status.ts';
import { hasNamespace, replaceUrlParams, withParams } from '../shared/url-state.ts';
import {
  ACT_DEFAULTS,
  ACT_NAMESPACE,
  ACT_PARAMS,
  isActivation,
  isModelId,
  parseActivationsState,
  readMultiplier,
  ruleControls,
  serializeActivationsState,
  type ActivationsState,
  type StateNote,
} from './state.ts';
import { presenterSteps } from './steps.ts';
import { ACTIVATIONS_STRINGS, type ActivationsStrings } from './strings.ts';
import { widthText } from './width.ts';

type Live = typeof import('./live.ts');

const loadLive = onFirstUse((): Promise<Live> => import('./live.ts'));

type Request = { readonly state: ActivationsState; readonly changedAt: number };

function listItems(list: HTMLElement, lines: readonly string[]): void {
  if ([...list.children].map((li) => li.textContent).join('\n') === lines.join('\n')) return;
  list.replaceChildren(
    ...lines.map((line) => {
      const item = document.createElement('li');
      item.textContent = line;
      return item;
    }),
  );
}

function mountActivationsWidget(root: HTMLElement): void {
  const lang: Lang = langOf(root.dataset['lang']);
  const strings: ActivationsStrings = ACTIVATIONS_STRINGS[lang];
  const { find, role } = widgetElements(root, 'activations widget');
  const controls = {
    focus: [...root.querySelectorAll<HTMLInputElement>(`input[type="radio"][name="${ACT_PARAMS.focus}"]`)],
    z: find<HTMLInputElement>(`input[name="${ACT_PARAMS.z}"]`),
    zValue: find<HTMLOutputElement>('output[data-role="z-value"]'),
    up: find<HTMLInputElement>(`input[name="${ACT_PARAMS.up}"]`),
    upValue: find<HTMLOutputElement>('output[data-role="up-value"]'),
    model: find<HTMLSelectElement>(`select[name="${ACT_PARAMS.model}"]`),
    multipleOf: find<HTMLSelectElement>(`select[name="${ACT_PARAMS.multipleOf}"]`),
    multiplier: find<HTMLInputElement>(`input[name="${ACT_PARAMS.multiplier}"]`),
    run: find<HTMLButtonElement>('button[data-action="run"]'),
  };
  const outputs = {
    status: role('status'),
    message: role('message'),
    results: role('results'),
    curves: role('curves'),
    readouts: role('readouts'),
    derivation: role('derivation'),
    verdict: role('verdict'),
    params: role('params'),
  };

  let state: ActivationsState = ACT_DEFAULTS;
  let linkNotes: StateNote[] = [];
  let multiplierNotes: StateNote[] = [];
  let computed = false;

  const submit = latestWins<Request, { live: Live; run: Awaited<ReturnType<Live['computeCurves']>> }>({
    work: async ({ state: s }) => {
      const live = await loadLive();
      return { live, run: await live.computeCurves(s) };
    },
    deliver: ({ live, run }, { state: s, changedAt }) => {
      outputs.results.hidden = false;
      live.drawCurves({ chart: outputs.curves, readouts: outputs.readouts }, run, s, strings);
      showRunReport(root, outputs.status, { ...run, updateMs: performance.now() - changedAt }, lang);
      // The link follows the newest state, written after drawing (history updates are slow in Chromium).
      replaceUrlParams(serializeActivationsState(state));
      root.dataset['state'] = 'ready';
    },
    fail: (error) => {
      root.dataset['state'] = 'error';
      showMessages(outputs.message, [strings.error(messageOf(error))]);
    },
  });

  /** Controls, width derivation, messages and URL from `next`; the multiplier field only when asked. */
  function show(next: ActivationsState, rewriteMultiplier: boolean): void {
    for (const radio of controls.focus) radio.checked = radio.value === next.focus;
    controls.z.value = String(next.z);
    controls.zValue.value = String(next.z);
    controls.up.value = String(next.up);
    controls.upValue.value = String(next.up);
    controls.model.value = next.model;
    controls.multipleOf.value = String(next.multipleOf);
    if (rewriteMultiplier) controls.multiplier.value = next.multiplier === undefined ? '' : String(next.multiplier);
    const width = widthText(next, strings);
    listItems(outputs.derivation, width.derivation);
    setText(outputs.verdict, width.verdict);
    setAttr(outputs.verdict, 'data-matches', String(width.check.matches));
    listItems(outputs.params, width.params);
    showMessages(outputs.message, [...linkNotes, ...multiplierNotes].map(strings.note));
  }

  /**
   * A change: remember it and show it; recompute the curves when `curves` (or once they exist), and
   * write the URL after they are drawn, or at once when nothing is computed.
   */
  function setState(next: ActivationsState, options: { curves: boolean; rewriteMultiplier?: boolean }): void {
    const changedAt = performance.now();
    state = next;
    show(next, options.rewriteMultiplier ?? false);
    if (!options.curves) {
      replaceUrlParams(serializeActivationsState(next));
      if (!computed) root.dataset['updateMs'] = (performance.now() - changedAt).toFixed(1);
      return;
    }
    computed = true;
    if (root.dataset['state'] === 'idle') {
      outputs.status.textContent = strings.loadingStatus;
      controls.run.textContent = strings.runAgain;
    }
    root.dataset['state'] = 'loading';
    submit({ state: next, changedAt });
  }

  for (const radio of controls.focus)
    radio.addEventListener('change', () => {
      if (isActivation(radio.value)) setState({ ...state, focus: radio.value }, { curves: true });
    });
  controls.z.addEventListener('input', () => setState({ ...state, z: Number(controls.z.value) }, { curves: true }));
  controls.up.addEventListener('input', () => setState({ ...state, up: Number(controls.up.value) }, { curves: true }));
  controls.run.addEventListener('click', () => setState(state, { curves: true }));
  controls.model.addEventListener('change', () => {
    if (!isModelId(controls.model.value)) return;
    multiplierNotes = [];
    setState({ ...state, model: controls.model.value, ...ruleControls(controls.model.value) }, { curves: false, rewriteMultiplier: true });
  });
  controls.multipleOf.addEventListener('change', () => setState({ ...state, multipleOf: Number(controls.multipleOf.value) }, { curves: false }));
  controls.multiplier.addEventListener('input', () => {
    multiplierNotes = [];
    const multiplier = readMultiplier(controls.multiplier.value, state.multiplier, multiplierNotes);
    setState({ ...state, multiplier }, { curves: false });
  });

  function fromParams(search: string): ActivationsState {
    const parsed = parseActivationsState(search, ACT_DEFAULTS);
    linkNotes = parsed.notes;
    multiplierNotes = [];
    return parsed.state;
  }

  attachPresenter(root, {
    lang,
    steps: presenterSteps(lang),
    apply: (params) => setState(fromParams(withParams('', params)), { curves: true, rewriteMultiplier: true }),
  });

  // A shared link carries the state: restore the controls and the width, compute no curves yet.
  if (hasNamespace(location.search, ACT_NAMESPACE)) {
    state = fromParams(location.search);
    show(state, true);
    outputs.status.textContent = strings.restoredStatus;
  }
}

export function mountActivationsWidgets(): void {
  for (const root of document.querySelectorAll<HTMLElement>('section[data-widget="activations"]')) mountActivationsWidget(root);
}

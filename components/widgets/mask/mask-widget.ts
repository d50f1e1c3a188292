// The mask widget's client controller. It reads the controls, keeps them and the URL in step with
// the state, and hands each update to the live module (loaded on first use) to compute and draw.
// No model math here: that lives in kernels/, behind `computeMask`.
//
// Lifecycle of the root's data-state: idle (server markup, nothing loaded) → loading (an update is
// on its way) → ready (its charts are in the DOM) or error; every later change goes back to loading.
import { messageOf, onFirstUse, widgetElements, type WidgetElements } from '../shared/controller.ts';
import { langOf, type Lang } from '../shared/lang.ts';
import { latestWins } from '../shared/latest-wins.ts';
import { followLoadProgress } from '../shared/load-progress.ts';
import { showMessages } from '../shared/message-area.ts';
import { showRunReport } from '../shared/run-status.ts';
import { attachPresenter } from '../shared/presenter.ts';
import { hasNamespace, replaceUrlParams, withParams } from '../shared/url-state.ts';
import type { MaskDemoResult } from '../../../kernels/demos/mask-demo.ts';
import { renderChips } from './chips.ts';
import type { ChartTargets } from './charts.ts';
import {
  isMaskMode,
  MASK_NAMESPACE,
  parseMaskState,
  resolveMaskState,
  serializeMaskState,
  type Limits,
  type MaskWidgetState,
  type ResolvedMaskState,
  type StateNote,
} from './state.ts';
import { maskPresenterSteps } from './presenter-steps.ts';
import { MASK_STRINGS, type MaskStrings } from './strings.ts';

type Live = typeof import('./live.ts');

/** The heavy module, imported on the first change; a failed import is retried by the next one. */
const loadLive = onFirstUse((): Promise<Live> => import('./live.ts'));

type Controls = {
  readonly text: HTMLTextAreaElement;
  readonly modes: HTMLInputElement[];
  readonly prefix: HTMLInputElement;
  readonly prefixValue: HTMLOutputElement;
  readonly probe: HTMLInputElement;
  readonly probeValue: HTMLOutputElement;
  readonly head: HTMLSelectElement;
  readonly run: HTMLButtonElement;
};

type Outputs = ChartTargets & {
  readonly tokens: HTMLElement;
  readonly status: HTMLElement;
  readonly message: HTMLElement;
  readonly charts: HTMLElement;
};

/** One update: what to compute, and when the reader asked for it (for data-update-ms). */
type Update = { readonly resolved: ResolvedMaskState; readonly changedAt: number };

/** What an update's work produces: the drawing function and its result; undefined when the text was empty. */
type Computed = { readonly live: Live; readonly result: MaskDemoResult } | undefined;

function findControls(root: HTMLElement, { find }: WidgetElements): Controls {
  return {
    text: find('textarea[name="mask-text"]'),
    modes: [...root.querySelectorAll<HTMLInputElement>('input[type="radio"][name="mask-mode"]')],
    prefix: find('input[name="mask-prefix"]'),
    prefixValue: find('output[data-role="prefix-value"]'),
    probe: find('input[name="mask-probe"]'),
    probeValue: find('output[data-role="probe-value"]'),
    head: find('select[name="mask-head"]'),
    run: find('button[data-action="run"]'),
  };
}

function findOutputs({ role }: WidgetElements): Outputs {
  return {
    tokens: role('tokens'),
    status: role('status'),
    message: role('message'),
    charts: role('charts'),
    maskHeatmap: role('mask-heatmap'),
    maskRows: role('mask-rows'),
    probsHeatmap: role('probs-heatmap'),
    outputChange: role('output-change'),
    changeCaption: role('change-caption'),
    lossTargets: role('loss-targets'),
    lossCaption: role('loss-caption'),
  };
}

function readControls(controls: Controls): MaskWidgetState {
  const checked = controls.modes.find((radio) => radio.checked)?.value ?? 'causal';
  return {
    text: controls.text.value,
    mode: isMaskMode(checked) ? checked : 'causal',
    prefix: Number(controls.prefix.value),
    probe: Number(controls.probe.value),
    head: Number(controls.head.value),
  };
}

/**
 * Puts the resolved numbers back into the controls. Slider bounds follow the token count; with no
 * tokens the sliders are left alone so their values return with the text. The text is written only
 * when restoring from a link, never while the reader types.
 */
function writeControls(controls: Controls, { state, tokens }: ResolvedMaskState, restoringText: boolean): void {
  if (restoringText) controls.text.value = state.text;
  for (const radio of controls.modes) radio.checked = radio.value === state.mode;
  controls.prefix.disabled = state.mode !== 'prefix';
  controls.head.value = String(state.head);
  if (tokens.length === 0) return;
  // Bounds before values: a range input clamps its value to the bounds it has at that moment.
  controls.prefix.max = String(tokens.length);
  controls.prefix.value = String(state.prefix);
  controls.prefixValue.value = String(state.prefix);
  controls.probe.max = String(tokens.length - 1);
  controls.probe.value = String(state.probe);
  controls.probeValue.value = String(state.probe);
}

function mountMaskWidget(root: HTMLElement): void {
  const lang: Lang = langOf(root.dataset['lang']);
  const strings: MaskStrings = MASK_STRINGS[lang];
  const limits: Limits = { maxTokens: Number(root.dataset['maxTokens']), heads: Number(root.dataset['heads']) };
  const elements = widgetElements(root, 'mask widget');
  const controls = findControls(root, elements);
  const outputs = findOutputs(elements);

  const submit = latestWins<Update, Computed>({
    // No tokens, nothing to compute: the runtime is not worth loading for an empty text.
    work: async ({ resolved }) => {
      if (resolved.tokens.length === 0) return undefined;
      const module = await loadLive();
      return { live: module, result: await module.computeMask(resolved) };
    },
    deliver: (computed, { resolved, changedAt }) => {
      if (computed !== undefined) {
        outputs.charts.hidden = false;
        computed.live.drawMaskCharts(outputs, computed.result, { ...resolved.state, tokens: resolved.tokens }, strings);
        showRunReport(root, outputs.status, { ...computed.result, updateMs: performance.now() - changedAt }, lang);
      } else {
        root.dataset['updateMs'] = (performance.now() - changedAt).toFixed(1);
        outputs.status.textContent = strings.waitingStatus;
      }
      // The link follows what is shown, written after drawing (history updates are slow in Chromium).
      replaceUrlParams(serializeMaskState(resolved.state));
      root.dataset['state'] = 'ready';
    },
    fail: (error) => {
      root.dataset['state'] = 'error';
      showMessages(outputs.message, [strings.error(messageOf(error))]);
    },
  });

  /** A state from a link (or a presenter step) and what it could not use; absent for the reader's own changes. */
  type FromLink = { readonly state: MaskWidgetState; readonly notes: readonly StateNote[] };

  /** What the restored link could not use or had to clamp: said again on the run that follows it. */
  let linkNotes: readonly StateNote[] = [];

  /** Resolves a state and shows it in the controls, chips and messages, without computing anything. */
  function show(fromLink: FromLink | undefined): ResolvedMaskState {
    const resolved = resolveMaskState(fromLink?.state ?? readControls(controls), limits);
    writeControls(controls, resolved, fromLink !== undefined);
    renderChips(outputs.tokens, resolved.tokens, resolved.state, strings);
    const earlier = fromLink?.notes ?? linkNotes;
    showMessages(outputs.message, [...earlier, ...resolved.notes].map(strings.note));
    // Clamping is kept for the next run (the controls now hold the clamped numbers); the text's own
    // notes (empty, truncated) are found again from the text.
    linkNotes = fromLink === undefined ? [] : [...fromLink.notes, ...resolved.notes.filter((n) => n.kind.endsWith('-clamped'))];
    return resolved;
  }

  /** Every change goes through here: show the state, then compute and draw it. */
  function update(fromLink?: FromLink): void {
    const changedAt = performance.now();
    const resolved = show(fromLink);
    if (fromLink !== undefined) linkNotes = [];
    if (root.dataset['state'] === 'idle') {
      outputs.status.textContent = strings.loadingStatus;
      controls.run.textContent = strings.runAgain;
    }
    root.dataset['state'] = 'loading';
    submit({ resolved, changedAt });
  }

  followLoadProgress(root, outputs.status, lang);
  const onChange = () => update();
  controls.text.addEventListener('input', onChange);
  for (const radio of controls.modes) radio.addEventListener('change', onChange);
  controls.prefix.addEventListener('input', onChange);
  controls.probe.addEventListener('input', onChange);
  controls.head.addEventListener('change', onChange);
  controls.run.addEventListener('click', onChange);

  // A shared link restores the controls; the computation (and the runtime download) waits for the
  // reader's first change or Run, as the idle status promises.
  if (hasNamespace(location.search, MASK_NAMESPACE)) show(parseMaskState(location.search, readControls(controls)));

  // Presenter mode: each step is a link's parameters, applied the way a link is, then run.
  attachPresenter(root, {
    lang,
    steps: maskPresenterSteps(lang, resolveMaskState(readControls(controls), limits).tokens.length),
    apply: (params) => update(parseMaskState(withParams(location.search, params), readControls(controls))),
  });
}

export function mountMaskWidgets(): void {
  for (const root of document.querySelectorAll<HTMLElement>('section[data-widget="mask"]')) mountMaskWidget(root);
}

// The RoPE widget's client controller. It reads the controls, keeps them and the URL in step with
// the state, and hands each update to the live module (loaded on first use) to compute and draw.
// No model math here: that lives in kernels/demos/rope-demo.ts, behind `computeRope`.
//
// Lifecycle of the root's data-state: idle (server markup, nothing loaded; a link only restores
// the controls) → loading (an update is on its way) → ready (drawn) or error.
import { messageOf, onFirstUse, widgetElements, type WidgetElements } from '../shared/controller.ts';
import { langOf, type Lang } from '../shared/lang.ts';
import { latestWins } from '../shared/latest-wins.ts';
import { showMessages } from '../shared/message-area.ts';
import { attachPresenter, type StepParams } from '../shared/presenter.ts';
import { showRunReport } from '../shared/run-status.ts';
import { hasNamespace, replaceUrlParams } from '../shared/url-state.ts';
import type { RopeDemoResult } from '../../../kernels/demos/rope-demo.ts';
import type { ChartTargets } from './charts.ts';
import { ropePresenterSteps } from './presenter-steps.ts';
import {
  parseRopeState,
  resolveRopeState,
  ROPE_DEFAULTS,
  ROPE_PARAMS,
  ROPE_NAMESPACE,
  serializeRopeState,
  type RopeWidgetState,
  type StateNote,
} from './state.ts';
import { ROPE_STRINGS, type RopeStrings } from './strings.ts';

type Live = typeof import('./live.ts');

/** The heavy module, imported on the first change; a failed import is retried by the next one. */
const loadLive = onFirstUse((): Promise<Live> => import('./live.ts'));

type Field = HTMLInputElement | HTMLSelectElement;

/** One control per state field: radios for the pairing, the rest single inputs or selects. */
type Controls = {
  readonly styles: HTMLInputElement[];
  readonly fields: Record<Exclude<keyof RopeWidgetState, 'style'>, Field>;
  readonly outputs: HTMLOutputElement[];
  readonly glm2dSliders: HTMLElement[];
  readonly styleHint: HTMLElement;
  readonly run: HTMLButtonElement;
};

type Outputs = ChartTargets & { readonly status: HTMLElement; readonly message: HTMLElement; readonly charts: HTMLElement };

type Update = { readonly state: RopeWidgetState; readonly changedAt: number };

/** Number fields the reader types into; they are never rewritten while being typed in. */
const TYPED = ['base', 'trained', 'target'] as const;

function findControls(root: HTMLElement, { find, role }: WidgetElements): Controls {
  const field = (key: keyof Controls['fields']) => find<Field>(`[name="${ROPE_PARAMS[key]}"]`);
  return {
    styles: [...root.querySelectorAll<HTMLInputElement>(`input[type="radio"][name="${ROPE_PARAMS.style}"]`)],
    fields: {
      mode: field('mode'),
      headDim: field('headDim'),
      base: field('base'),
      vectors: field('vectors'),
      query: field('query'),
      key: field('key'),
      shift: field('shift'),
      queryBlock: field('queryBlock'),
      keyBlock: field('keyBlock'),
      extension: field('extension'),
      trained: field('trained'),
      target: field('target'),
      range: field('range'),
    },
    outputs: [...root.querySelectorAll<HTMLOutputElement>('output[data-for]')],
    glm2dSliders: [...root.querySelectorAll<HTMLElement>('[data-group="glm2d"]')],
    styleHint: role('style-hint'),
    run: find('button[data-action="run"]'),
  };
}

function findOutputs({ role }: WidgetElements): Outputs {
  return {
    status: role('status'),
    message: role('message'),
    charts: role('charts'),
    score: role('score'),
    shiftedScore: role('shifted-score'),
    scoreLabel: role('score-label'),
    shiftedLabel: role('shifted-label'),
    difference: role('difference'),
    scoresCaption: role('scores-caption'),
    hands: role('hands'),
    handsNote: role('hands-note'),
    handsText: role('hands-text'),
    pairing: role('pairing'),
    pairingCaption: role('pairing-caption'),
    curve: role('curve'),
    bound: role('bound'),
    wavelength: role('wavelength'),
    wavelengthCaption: role('wavelength-caption'),
    originalLegend: role('original-legend'),
  };
}

/**
 * The state the controls show, as a URL would carry it, so that one parser reads both. A typed
 * number that is empty or malformed keeps the last good value, with a note.
 */
function readControls(controls: Controls, previous: RopeWidgetState): { state: RopeWidgetState; notes: StateNote[] } {
  const params = new URLSearchParams();
  const checked = controls.styles.find((radio) => radio.checked);
  if (checked) params.set(ROPE_PARAMS.style, checked.value);
  for (const [key, field] of Object.entries(controls.fields)) params.set(ROPE_PARAMS[key as keyof Controls['fields']], field.value);
  return parseRopeState(`?${params}`, previous);
}

/**
 * Puts the state into the controls. Typed number fields are rewritten only when `typedToo` (a link,
 * a presenter step, or the reader leaving the field), never while the reader types in them.
 */
function writeControls(controls: Controls, state: RopeWidgetState, strings: RopeStrings, typedToo: boolean): void {
  for (const radio of controls.styles) radio.checked = radio.value === state.style;
  // Bounds before values: a range input clamps its value to the bounds it has at that moment.
  for (const key of ['query', 'key', 'shift'] as const) controls.fields[key].setAttribute('max', String(state.range));
  for (const [key, field] of Object.entries(controls.fields) as [keyof Controls['fields'], Field][]) {
    if (!typedToo && (TYPED as readonly string[]).includes(key)) continue;
    field.value = String(state[key]);
  }
  for (const output of controls.outputs) {
    const key = (Object.keys(ROPE_PARAMS) as (keyof RopeWidgetState)[]).find((k) => ROPE_PARAMS[k] === output.dataset['for']);
    if (key !== undefined) output.value = String(state[key]);
  }
  const fixedStyle = state.mode === 'partial' || state.mode === 'glm2d';
  for (const radio of controls.styles) radio.disabled = fixedStyle;
  controls.styleHint.textContent = fixedStyle ? strings.styleFixed[state.mode as 'partial' | 'glm2d'] : '';
  for (const slider of controls.glm2dSliders) slider.hidden = state.mode !== 'glm2d';
  controls.fields.extension.disabled = state.mode !== 'extend';
  controls.fields.target.disabled = state.mode !== 'extend';
}

/** Link or step parameters as a search string (null removes a parameter). */
function searchOf(params: StepParams): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== null) search.set(name, value);
  return `?${search}`;
}

function mountRopeWidget(root: HTMLElement): void {
  const lang: Lang = langOf(root.dataset['lang']);
  const strings: RopeStrings = ROPE_STRINGS[lang];
  const elements = widgetElements(root, 'RoPE widget');
  const controls = findControls(root, elements);
  const outputs = findOutputs(elements);
  let current: RopeWidgetState = ROPE_DEFAULTS;

  const submit = latestWins<Update, { live: Live; result: RopeDemoResult }>({
    work: async ({ state }) => {
      const live = await loadLive();
      return { live, result: await live.computeRope(state) };
    },
    deliver: ({ live, result }, { state, changedAt }) => {
      outputs.charts.hidden = false;
      live.drawRopeCharts(outputs, result, state, strings);
      showRunReport(root, outputs.status, { ...result, updateMs: performance.now() - changedAt }, lang);
      // The link follows what is shown, written after drawing (history updates are slow in Chromium).
      replaceUrlParams(serializeRopeState(state));
      root.dataset['state'] = 'ready';
    },
    fail: (error) => {
      root.dataset['state'] = 'error';
      showMessages(outputs.message, [strings.error(messageOf(error))]);
    },
  });

  /** Resolves what was asked, shows it in the controls and messages; computes unless only restoring. */
  function show(asked: { state: RopeWidgetState; notes: StateNote[] }, options: { typedToo: boolean; compute: boolean }): void {
    const changedAt = performance.now();
    const resolved = resolveRopeState(asked.state);
    current = resolved.state;
    writeControls(controls, current, strings, options.typedToo);
    showMessages(outputs.message, [...asked.notes, ...resolved.notes].map(strings.note));
    if (!options.compute) return;
    if (root.dataset['state'] === 'idle') {
      outputs.status.textContent = strings.loadingStatus;
      controls.run.textContent = strings.runAgain;
    }
    root.dataset['state'] = 'loading';
    submit({ state: current, changedAt });
  }

  const fromControls = (typedToo: boolean) => () => show(readControls(controls, current), { typedToo, compute: true });
  const fromLink = (search: string) => show(parseRopeState(search, ROPE_DEFAULTS), { typedToo: true, compute: true });

  for (const radio of controls.styles) radio.addEventListener('change', fromControls(true));
  for (const [key, field] of Object.entries(controls.fields)) {
    const typed = (TYPED as readonly string[]).includes(key);
    field.addEventListener(field instanceof HTMLSelectElement ? 'change' : 'input', fromControls(!typed));
    // Leaving a typed field (or pressing Enter) writes the clamped value back into it.
    if (typed) field.addEventListener('change', fromControls(true));
  }
  controls.run.addEventListener('click', fromControls(true));

  // A shared link restores the controls; nothing is computed (or downloaded) until the reader acts.
  if (hasNamespace(location.search, ROPE_NAMESPACE)) show(parseRopeState(location.search, ROPE_DEFAULTS), { typedToo: true, compute: false });
  // Presenter mode counts as acting: the teacher clicked, so its steps compute.
  attachPresenter(root, { lang, steps: ropePresenterSteps(lang), apply: (params) => fromLink(searchOf(params)) });
}

export function mountRopeWidgets(): void {
  for (const root of document.querySelectorAll<HTMLElement>('section[data-widget="rope"]')) mountRopeWidget(root);
}

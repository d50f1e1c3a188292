// The FlashAttention widget's client controller: reads the controls, keeps the URL in step with the
// state, and hands each update to live.ts (imported on the first interaction, never because of a
// link) to compute through the kernels' graphs and draw. No attention math here.
//
// What the reader typed stays in the field as typed: an out-of-range or non-numeric entry is
// resolved to the value used (state.ts) and a note under the controls says so. Only a link or a
// presenter step writes the fields.
import { messageOf, onFirstUse, widgetElements, type WidgetElements } from '../shared/controller.ts';
import { langOf, type Lang } from '../shared/lang.ts';
import { latestWins } from '../shared/latest-wins.ts';
import { showMessages } from '../shared/message-area.ts';
import { attachPresenter } from '../shared/presenter.ts';
import { showRunReport } from '../shared/run-status.ts';
import { hasNamespace, replaceUrlParams, withParams } from '../shared/url-state.ts';
import {
  FLASH_DEFAULTS,
  FLASH_NAMESPACE,
  FLASH_PARAMS,
  parseFlashState,
  readField,
  resolveFlashState,
  serializeFlashState,
  type FlashNote,
  type FlashState,
} from './state.ts';
import { FLASH_STRINGS } from './strings.ts';

type Live = typeof import('./live.ts');
const loadLive = onFirstUse((): Promise<Live> => import('./live.ts'));

type NumberKey = Exclude<keyof FlashState, 'causal'>;
const NUMBER_KEYS: readonly NumberKey[] = ['N', 'Bc', 'd', 'seed', 'row'];

type Controls = Record<NumberKey, HTMLInputElement> & { readonly causal: HTMLInputElement; readonly run: HTMLButtonElement };

function findControls({ find }: WidgetElements): Controls {
  const named = (key: keyof FlashState) => find<HTMLInputElement>(`input[name="${FLASH_PARAMS[key]}"]`);
  return {
    N: named('N'),
    Bc: named('Bc'),
    d: named('d'),
    seed: named('seed'),
    row: named('row'),
    causal: named('causal'),
    run: find('button[data-action="run"]'),
  };
}

/** The fields as typed; text that is no number keeps `last`'s value, with a note. */
function readControls(c: Controls, last: FlashState, notes: FlashNote[]): FlashState {
  const read = (key: NumberKey) => readField(c[key].value, FLASH_PARAMS[key], last[key], notes);
  return { N: read('N'), Bc: read('Bc'), d: read('d'), seed: read('seed'), row: read('row'), causal: c.causal.checked };
}

function writeControls(c: Controls, state: FlashState): void {
  for (const key of NUMBER_KEYS) c[key].value = String(state[key]);
  c.causal.checked = state.causal;
}

/** Bc and the row are bounded by N: the fields' own limits follow it. */
function followN(c: Controls, N: number): void {
  c.Bc.max = String(N);
  c.row.max = String(N - 1);
}

type Update = { readonly state: FlashState; readonly changedAt: number };

function mountFlashWidget(root: HTMLElement): void {
  const lang: Lang = langOf(root.dataset['lang']);
  const strings = FLASH_STRINGS[lang];
  const elements = widgetElements(root, 'FlashAttention widget');
  const { role, find } = elements;
  const controls = findControls(elements);
  const targets = {
    verdict: role('verdict'),
    heldPlain: role('held-plain'),
    heldTiled: role('held-tiled'),
    tiles: role('tiles'),
    computed: role('computed'),
    traceTitle: role('trace-title'),
    traceCaption: role('trace-caption'),
    mChart: role('m-chart'),
    ellChart: role('ell-chart'),
    table: find<HTMLTableSectionElement>('tbody[data-role="trace-table"]'),
  };
  let state = FLASH_DEFAULTS;

  const submit = latestWins<Update, { live: Live; run: Awaited<ReturnType<Live['computeFlash']>> }>({
    work: async ({ state: s }) => {
      const live = await loadLive();
      return { live, run: await live.computeFlash(s) };
    },
    deliver: ({ live, run }, { state: s, changedAt }) => {
      role('results').hidden = false;
      live.drawFlash(targets, run, s, strings);
      showRunReport(root, role('status'), { ...run, updateMs: performance.now() - changedAt }, lang);
      // The link follows what is shown, written after drawing (history updates are slow in Chromium).
      replaceUrlParams(serializeFlashState(s));
      root.dataset['state'] = 'ready';
    },
    fail: (error) => {
      root.dataset['state'] = 'error';
      showMessages(role('message'), [strings.error(messageOf(error))]);
    },
  });

  /** Resolves `asked`, says what was adjusted, and computes when the reader (not a link) asked. */
  function update(asked: FlashState, notes: readonly FlashNote[], compute: boolean): void {
    const changedAt = performance.now();
    const resolved = resolveFlashState(asked);
    state = resolved.state;
    followN(controls, state.N);
    showMessages(role('message'), [...notes, ...resolved.notes].map(strings.note));
    if (!compute) return;
    if (root.dataset['state'] === 'idle') {
      role('status').textContent = strings.loadingStatus;
      controls.run.textContent = strings.runAgain;
    }
    root.dataset['state'] = 'loading';
    submit({ state, changedAt });
  }

  const onChange = () => {
    const notes: FlashNote[] = [];
    update(readControls(controls, state, notes), notes, true);
  };
  for (const key of NUMBER_KEYS) controls[key].addEventListener('change', onChange);
  controls.causal.addEventListener('change', onChange);
  controls.run.addEventListener('click', onChange);

  /** A link's (or a presenter step's) state: written into the fields, then resolved. */
  const restore = (search: string, compute: boolean) => {
    const { state: asked, notes } = parseFlashState(search, state);
    writeControls(controls, asked);
    update(asked, notes, compute);
  };
  attachPresenter(root, { lang, steps: strings.presenterSteps, apply: (params) => restore(withParams(location.search, params), true) });

  if (hasNamespace(location.search, FLASH_NAMESPACE)) {
    restore(location.search, false);
    role('status').textContent = strings.restoredStatus;
  }
}

export function mountFlashWidgets(): void {
  for (const root of document.querySelectorAll<HTMLElement>('section[data-widget="flash-attention"]')) mountFlashWidget(root);
}

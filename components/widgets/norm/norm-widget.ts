// The norm widget's client controller. It reads the controls (the bar editor, the entry fields,
// the shift and scale sliders, the replica select), keeps them and the URL in step with the state,
// and hands each update to the live module (loaded on first use) to compute and draw. No model
// math here: that lives in kernels/demos/norm-demo.ts.
//
// data-state on the root: idle (server markup, nothing loaded) → loading (an update is on its way)
// → ready (its charts are in the DOM) or error. A link restores the controls but computes nothing
// until the reader changes something or presses Run (presenter mode counts as pressing Run).
import { messageOf, onFirstUse, widgetElements } from '../shared/controller.ts';
import { langOf, type Lang } from '../shared/lang.ts';
import { latestWins } from '../shared/latest-wins.ts';
import { showMessages } from '../shared/message-area.ts';
import { attachPresenter, type StepParams } from '../shared/presenter.ts';
import { showRunReport } from '../shared/run-status.ts';
import { hasNamespace, replaceUrlParams, withParams } from '../shared/url-state.ts';
import { vectorEditor } from './editor.ts';
import {
  isPreNormModel,
  NORM_DEFAULTS,
  NORM_NAMESPACE,
  NORM_PARAMS,
  parseNormState,
  readEntry,
  resizeVector,
  serializeNormState,
  type NormWidgetState,
  type StateNote,
} from './state.ts';
import { NORM_STRINGS, type NormStrings } from './strings.ts';
import { presenterSteps } from './steps.ts';

type Live = typeof import('./live.ts');

const loadLive = onFirstUse((): Promise<Live> => import('./live.ts'));

type What = 'norms' | 'residual' | 'both';
type Request = { readonly state: NormWidgetState; readonly changedAt: number };

function mountNormWidget(root: HTMLElement): void {
  const lang: Lang = langOf(root.dataset['lang']);
  const strings: NormStrings = NORM_STRINGS[lang];
  const { find, role } = widgetElements(root, 'norm widget');
  const controls = {
    count: find<HTMLSelectElement>('select[name="norm-count"]'),
    entries: [...root.querySelectorAll<HTMLInputElement>('input[data-entry]')],
    shift: find<HTMLInputElement>(`input[name="${NORM_PARAMS.shift}"]`),
    shiftValue: find<HTMLOutputElement>('output[data-role="shift-value"]'),
    scale: find<HTMLInputElement>(`input[name="${NORM_PARAMS.scale}"]`),
    scaleValue: find<HTMLOutputElement>('output[data-role="scale-value"]'),
    model: find<HTMLSelectElement>(`select[name="${NORM_PARAMS.model}"]`),
    run: find<HTMLButtonElement>('button[data-action="run"]'),
  };
  const outputs = {
    status: role('status'),
    message: role('message'),
    results: role('results'),
    table: find<HTMLTableSectionElement>('tbody[data-role="table"]'),
    tableHead: find<HTMLTableRowElement>('tr[data-role="table-head"]'),
    ln: role('ln-chart'),
    rms: role('rms-chart'),
    lnVerdict: role('ln-verdict'),
    rmsVerdict: role('rms-verdict'),
    residualChart: role('residual-chart'),
    residualCaption: role('residual-caption'),
    residualStatus: role('residual-status'),
  };

  let state: NormWidgetState = NORM_DEFAULTS;
  /** Notes about what the reader typed into the entry fields, kept until that field changes. */
  const entryNotes = new Map<number, StateNote[]>();
  let linkNotes: StateNote[] = [];
  const pending = new Set<'norms' | 'residual'>();

  const editor = vectorEditor(role('editor'), strings, (index, value) => {
    controls.entries[index]!.value = String(value);
    entryNotes.delete(index);
    setState({ ...state, vector: state.vector.map((v, i) => (i === index ? value : v)) }, 'norms');
  });

  function showNotes(): void {
    showMessages(outputs.message, [...linkNotes, ...[...entryNotes.values()].flat()].map(strings.note));
  }

  /** Puts `next` into every control; entry fields are rewritten only when `rewriteEntries`. */
  function writeControls(next: NormWidgetState, rewriteEntries: boolean): void {
    controls.count.value = String(next.vector.length);
    controls.entries.forEach((input, i) => {
      const shown = i < next.vector.length;
      input.closest('label')!.hidden = !shown;
      if (shown && rewriteEntries) input.value = String(next.vector[i]);
    });
    controls.shift.value = String(next.shift);
    controls.shiftValue.value = String(next.shift);
    controls.scale.value = String(next.scale);
    controls.scaleValue.value = String(next.scale);
    controls.model.value = next.model;
    editor.show(next.vector);
  }

  function settle(kind: 'norms' | 'residual'): void {
    pending.delete(kind);
    if (pending.size > 0 || root.dataset['state'] === 'error') return;
    // The link follows what is shown, written after drawing (history updates are slow in Chromium).
    replaceUrlParams(serializeNormState(state));
    root.dataset['state'] = 'ready';
  }

  const fail = (error: unknown) => {
    pending.clear();
    root.dataset['state'] = 'error';
    showMessages(outputs.message, [strings.error(messageOf(error))]);
  };

  const submitNorms = latestWins<Request, { live: Live; run: Awaited<ReturnType<Live['computeNorms']>> }>({
    work: async ({ state: s }) => {
      const live = await loadLive();
      return { live, run: await live.computeNorms(s) };
    },
    deliver: ({ live, run }, { changedAt }) => {
      outputs.results.hidden = false;
      fillTableHead(run.original.input.length);
      live.drawNorms(outputs, run, strings);
      showRunReport(root, outputs.status, { ...run, updateMs: performance.now() - changedAt }, lang);
      settle('norms');
    },
    fail,
  });

  const submitResidual = latestWins<Request, { live: Live; pair: Awaited<ReturnType<Live['computeResidual']>> }>({
    work: async ({ state: s }) => {
      const live = await loadLive();
      return { live, pair: await live.computeResidual(s.model) };
    },
    deliver: ({ live, pair }, { state: s, changedAt }) => {
      live.drawResidual(
        { chart: outputs.residualChart, caption: outputs.residualCaption },
        { model: s.model, name: strings.models[s.model], rms: pair.pre.rms },
        { model: 'chatglm-6b', name: 'ChatGLM-6B', rms: pair.post.rms },
        strings,
      );
      const runMs = pair.pre.runMs + pair.post.runMs;
      showRunReport(root, outputs.residualStatus, { backend: pair.pre.backend, fallbackReason: pair.fallbackReason, runMs, updateMs: performance.now() - changedAt }, lang);
      settle('residual');
    },
    fail,
  });

  function fillTableHead(count: number): void {
    if (outputs.tableHead.children.length === count + 2) return;
    const cells = [document.createElement('td'), ...Array.from({ length: count }, (_, i) => {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = strings.entryLabel(i);
      return th;
    })];
    const stats = document.createElement('th');
    stats.scope = 'col';
    stats.textContent = strings.statsHeader;
    outputs.tableHead.replaceChildren(...cells, stats);
  }

  /** Every change goes through here: remember, reflect in the controls and the URL, compute. */
  function setState(next: NormWidgetState, what: What, rewriteEntries = false): void {
    const changedAt = performance.now();
    state = next;
    writeControls(next, rewriteEntries);
    showNotes();
    if (root.dataset['state'] === 'idle') {
      outputs.status.textContent = strings.loadingStatus;
      controls.run.textContent = strings.runAgain;
    }
    root.dataset['state'] = 'loading';
    if (what !== 'residual') {
      pending.add('norms');
      submitNorms({ state: next, changedAt });
    }
    if (what !== 'norms') {
      pending.add('residual');
      submitResidual({ state: next, changedAt });
    }
  }

  controls.entries.forEach((input, index) => {
    input.addEventListener('input', () => {
      const notes: StateNote[] = [];
      const value = readEntry(input.value, state.vector[index] ?? 0, notes);
      entryNotes.set(index, notes);
      setState({ ...state, vector: state.vector.map((v, i) => (i === index ? value : v)) }, 'norms');
    });
  });
  controls.count.addEventListener('change', () => {
    const count = Number(controls.count.value);
    for (const index of entryNotes.keys()) if (index >= count) entryNotes.delete(index);
    setState({ ...state, vector: resizeVector(state.vector, count) }, 'norms', true);
  });
  controls.shift.addEventListener('input', () => setState({ ...state, shift: Number(controls.shift.value) }, 'norms'));
  controls.scale.addEventListener('input', () => setState({ ...state, scale: Number(controls.scale.value) }, 'norms'));
  controls.model.addEventListener('change', () => {
    if (isPreNormModel(controls.model.value)) setState({ ...state, model: controls.model.value }, 'residual');
  });
  controls.run.addEventListener('click', () => setState(state, 'both'));

  /** A link's (or a presenter step's) parameters: the state they spell, on top of the defaults. */
  function fromParams(search: string): NormWidgetState {
    const parsed = parseNormState(search, NORM_DEFAULTS);
    linkNotes = parsed.notes;
    entryNotes.clear();
    return parsed.state;
  }

  attachPresenter(root, {
    lang,
    steps: presenterSteps(lang),
    apply: (params: StepParams) => setState(fromParams(withParams('', params)), 'both', true),
  });

  // A shared link carries the state: restore the controls, compute nothing until the reader acts.
  if (hasNamespace(location.search, NORM_NAMESPACE)) {
    state = fromParams(location.search);
    writeControls(state, true);
    showNotes();
    outputs.status.textContent = strings.restoredStatus;
  } else {
    writeControls(state, true);
  }
}

export function mountNormWidgets(): void {
  for (const root of document.querySelectorAll<HTMLElement>('section[data-widget="norm"]')) mountNormWidget(root);
}

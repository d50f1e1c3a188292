// The ALiBi widget's client controller: reads the controls, keeps them and the URL in step with the
// state, and hands each update to live.ts (imported on the first interaction, never because of a
// link) to compute through the kernels' graphs and draw.
import type { AlibiDemoResult } from '../../../kernels/demos/alibi-demo.ts';
import { messageOf, onFirstUse, widgetElements, type WidgetElements } from '../shared/controller.ts';
import { setAttr, setText } from '../shared/dom-patch.ts';
import { langOf, type Lang } from '../shared/lang.ts';
import { latestWins } from '../shared/latest-wins.ts';
import { showMessages } from '../shared/message-area.ts';
import { attachPresenter } from '../shared/presenter.ts';
import { showRunReport } from '../shared/run-status.ts';
import { hasNamespace, replaceUrlParams, withParams } from '../shared/url-state.ts';
import { ALIBI_NAMESPACE, ALIBI_PARAMS, parseAlibiState, resolveAlibiState, serializeAlibiState, type AlibiNote, type AlibiState } from './state.ts';
import { ALIBI_STRINGS, type AlibiStrings } from './strings.ts';

type Live = typeof import('./live.ts');
const loadLive = onFirstUse((): Promise<Live> => import('./live.ts'));

type Controls = {
  readonly heads: HTMLInputElement;
  readonly head: HTMLSelectElement;
  readonly trainLength: HTMLInputElement;
  readonly length: HTMLInputElement;
  readonly qk: HTMLInputElement;
  readonly run: HTMLButtonElement;
};

function findControls({ find }: WidgetElements): Controls {
  const named = <T extends Element>(key: keyof AlibiState) => find<T>(`[name="${ALIBI_PARAMS[key]}"]`);
  return {
    heads: named('heads'),
    head: named('head'),
    trainLength: named('trainLength'),
    length: named('length'),
    qk: named('qk'),
    run: find('button[data-action="run"]'),
  };
}

function readControls(c: Controls): AlibiState {
  const number = (input: HTMLInputElement | HTMLSelectElement) => (input.value.trim() === '' ? Number.NaN : Number(input.value));
  return { heads: number(c.heads), head: number(c.head), trainLength: number(c.trainLength), length: number(c.length), qk: number(c.qk) };
}

function writeControls(c: Controls, { role }: WidgetElements, state: AlibiState, strings: AlibiStrings): void {
  if (c.head.options.length !== state.heads) {
    c.head.replaceChildren(...Array.from({ length: state.heads }, (_, h) => new Option(strings.headOption(h), String(h))));
  }
  c.head.value = String(state.head);
  if (Number(c.heads.value) !== state.heads) c.heads.value = String(state.heads);
  for (const [key, output] of [['trainLength', 'train-value'], ['length', 'length-value'], ['qk', 'qk-value']] as const) {
    c[key].value = String(state[key]);
    setText(role(output), String(state[key]));
  }
}

type Update = { readonly state: AlibiState; readonly changedAt: number };

function mountAlibiWidget(root: HTMLElement): void {
  const lang: Lang = langOf(root.dataset['lang']);
  const strings = ALIBI_STRINGS[lang];
  const elements = widgetElements(root, 'ALiBi widget');
  const { role } = elements;
  const controls = findControls(elements);
  const targets = {
    logits: role('logit-chart'),
    attention: role('attention-chart'),
    angles: role('angles-heatmap'),
    bias: role('bias-heatmap'),
    slopes: role('slopes-chart'),
    slopesList: role('slopes'),
  };

  const submit = latestWins<Update, { live: Live; result: AlibiDemoResult }>({
    work: async ({ state }) => {
      const live = await loadLive();
      return { live, result: await live.computeAlibi(state) };
    },
    deliver: ({ live, result }, { state, changedAt }) => {
      role('charts').hidden = false;
      live.drawAlibiCharts(targets, result, state, strings);
      setText(role('angles-caption'), strings.anglesCaption(state.trainLength));
      setText(role('bias-title'), strings.biasTitle(state.head));
      setAttr(role('bias-heatmap'), 'aria-label', strings.biasTitle(state.head));
      setText(role('bias-caption'), strings.biasCaption(Math.min(state.length, live.BIAS_POSITIONS), state.length));
      setText(role('slopes-caption'), strings.slopesCaption(state.heads));
      setText(role('summary'), strings.summary(live.factsOf(result, state)));
      showRunReport(root, role('status'), { ...result, updateMs: performance.now() - changedAt }, lang);
      replaceUrlParams(serializeAlibiState(state));
      root.dataset['state'] = 'ready';
    },
    fail: (error) => {
      root.dataset['state'] = 'error';
      showMessages(role('message'), [strings.error(messageOf(error))]);
    },
  });

  /** Resolves `asked` into the controls; `compute` runs and draws it (the reader interacted). */
  function update(asked: AlibiState, linkNotes: readonly AlibiNote[], compute: boolean): void {
    const changedAt = performance.now();
    const { state, notes } = resolveAlibiState(asked);
    writeControls(controls, elements, state, strings);
    showMessages(role('message'), [...linkNotes, ...notes].map(strings.note));
    if (!compute) return;
    if (root.dataset['state'] === 'idle') {
      role('status').textContent = strings.loadingStatus;
      controls.run.textContent = strings.runAgain;
    }
    root.dataset['state'] = 'loading';
    submit({ state, changedAt });
  }

  const onChange = () => update(readControls(controls), [], true);
  controls.heads.addEventListener('change', onChange);
  controls.head.addEventListener('change', onChange);
  for (const range of [controls.trainLength, controls.length, controls.qk]) range.addEventListener('input', onChange);
  controls.run.addEventListener('click', onChange);

  const fromSearch = (search: string) => parseAlibiState(search, readControls(controls));
  attachPresenter(root, {
    lang,
    steps: strings.presenterSteps,
    apply: (params) => {
      const { state, notes } = fromSearch(withParams(location.search, params));
      update(state, notes, true);
    },
  });

  // A link restores the controls; the computation waits for the first interaction.
  if (hasNamespace(location.search, ALIBI_NAMESPACE)) {
    const { state, notes } = fromSearch(location.search);
    update(state, notes, false);
  }
}

export function mountAlibiWidgets(): void {
  for (const root of document.querySelectorAll<HTMLElement>('section[data-widget="alibi"]')) mountAlibiWidget(root);
}

// The attention-sharing widget's client controller. Every change is resolved (clamped, m snapped to
// a divisor of n), written back into the controls and the URL, and drawn: the head mapping and the
// KV numbers at once (plain arithmetic), the memory chart and the model's live attention through
// live.ts, which is imported on the first interaction and never because of a link. The model is a
// replica (trained or random weights) or, once the hub part has opened one, a released model: it
// joins the model menu, and the layer menu takes its layer count.
import { attentionKind, divisors, kvBytesAt, kvBytesPerToken, releasedKvRows } from '../../../kernels/demos/kv-cache.ts';
import { mountHubPart, type HubModelSource } from '../model/hub-part.ts';
import { messageOf, onFirstUse, widgetElements, type WidgetElements } from '../shared/controller.ts';
import { setAttr, setText } from '../shared/dom-patch.ts';
import { langOf, type Lang } from '../shared/lang.ts';
import { latestWins } from '../shared/latest-wins.ts';
import { showMessages } from '../shared/message-area.ts';
import { attachPresenter, type StepParams } from '../shared/presenter.ts';
import { showRunReport } from '../shared/run-status.ts';
import { hasNamespace, replaceUrlParams, withParams } from '../shared/url-state.ts';
import type { Source } from '../shared/models.ts';
import { sourceOf } from '../shared/weights.ts';
import { formatBytes } from './bytes.ts';
import { drawMapping } from './mapping.ts';
import {
  KV_DTYPE_NAMES,
  parseSharingState,
  REPLICA_LAYERS,
  SHARING_DEFAULTS,
  resolveSharingState,
  serializeSharingState,
  SHARING_NAMESPACE,
  SHARING_PARAMS,
  SHARING_REPLICAS,
  type SharingNote,
  type SharingReplica,
  type SharingState,
} from './state.ts';
import { SHARING_STRINGS, type SharingStrings } from './strings.ts';

type Live = typeof import('./live.ts');
type ModelAttention = import('./live.ts').ModelAttention;

/** The model menu's value for the model the hub part opened. */
const HUB_OPTION = 'hub';
const loadLive = onFirstUse((): Promise<Live> => import('./live.ts'));

type Controls = {
  readonly heads: HTMLInputElement;
  readonly kvHeads: HTMLSelectElement;
  readonly layers: HTMLInputElement;
  readonly headDim: HTMLInputElement;
  readonly dtype: HTMLSelectElement;
  readonly context: HTMLInputElement;
  readonly replica: HTMLSelectElement;
  readonly untrained: HTMLInputElement;
  readonly layer: HTMLSelectElement;
  readonly run: HTMLButtonElement;
};

function findControls({ find }: WidgetElements): Controls {
  const named = <T extends Element>(key: keyof typeof SHARING_PARAMS) => find<T>(`[name="${SHARING_PARAMS[key]}"]`);
  return {
    heads: named('heads'),
    kvHeads: named('kvHeads'),
    layers: named('layers'),
    headDim: named('headDim'),
    dtype: named('dtype'),
    context: named('context'),
    replica: named('replica'),
    untrained: find('input[name="share-untrained"]'),
    layer: named('layer'),
    run: find('button[data-action="run"]'),
  };
}

/** The controls' state; with the hub's model chosen, `replica` stays the last replica (the link's). */
function readControls(c: Controls, lastReplica: SharingReplica): SharingState {
  const dtype = KV_DTYPE_NAMES.find((d) => d === c.dtype.value) ?? 'fp16';
  const replica = SHARING_REPLICAS.find((r) => r === c.replica.value) ?? lastReplica;
  const number = (input: HTMLInputElement | HTMLSelectElement) => (input.value.trim() === '' ? Number.NaN : Number(input.value));
  return {
    heads: number(c.heads),
    kvHeads: number(c.kvHeads),
    layers: number(c.layers),
    headDim: number(c.headDim),
    dtype,
    context: number(c.context),
    replica,
    weights: c.untrained.checked ? 'random' : 'trained',
    layer: number(c.layer),
  };
}

/**
 * The resolved numbers back into the controls; the m list always holds exactly the divisors of n,
 * the layer list the `layers` of the model shown.
 */
function writeControls(c: Controls, state: SharingState, model: { readonly hub: boolean; readonly layers: number }, strings: SharingStrings): void {
  const options = divisors(state.heads).map(String);
  if ([...c.kvHeads.options].map((o) => o.value).join() !== options.join()) {
    c.kvHeads.replaceChildren(...options.map((m) => new Option(m, m)));
  }
  c.kvHeads.value = String(state.kvHeads);
  for (const key of ['heads', 'layers', 'headDim', 'context'] as const) {
    if (Number(c[key].value) !== state[key]) c[key].value = String(state[key]);
  }
  c.dtype.value = state.dtype;
  c.replica.value = model.hub ? HUB_OPTION : state.replica;
  c.untrained.checked = state.weights === 'random';
  c.untrained.disabled = model.hub; // a released model has its own weights only
  if (c.layer.options.length !== model.layers) {
    c.layer.replaceChildren(...Array.from({ length: model.layers }, (_, l) => new Option(strings.layerOption(l), String(l))));
  }
  c.layer.value = String(state.layer);
}

/** The head mapping, the reader's cache and the table: arithmetic only, drawn on every change. */
function drawNumbers({ role }: WidgetElements, state: SharingState, strings: SharingStrings): void {
  drawMapping(role('mapping'), role('mapping-groups'), state, strings);
  setText(role('mapping-summary'), strings.mappingSummary(state.heads, state.kvHeads, attentionKind(state)));
  const perToken = kvBytesPerToken(state, state.dtype);
  const atContext = kvBytesAt(state, state.dtype, state.context);
  const ofMha = `${((100 * state.kvHeads) / state.heads).toPrecision(3).replace(/\.?0+$/, '')}%`;
  setText(role('yours'), strings.yours(formatBytes(perToken), formatBytes(atContext), state.context, ofMha));
  setText(role('at-context-header'), strings.atContextHeader(state.context));
  const cells = (row: Element | null, bytes: readonly [number, number], shape: string) => {
    if (row === null) return;
    const [perTokenCell, atContextCell, shapeCell] = ['per-token', 'at-context', 'shape'].map((r) => row.querySelector(`[data-role="${r}"]`)!);
    bytes.forEach((value, i) => {
      const cell = [perTokenCell, atContextCell][i]!;
      setAttr(cell, 'data-bytes', String(value));
      setText(cell, formatBytes(value));
    });
    setText(shapeCell!, shape);
  };
  const table = role('kv-table');
  cells(table.querySelector('tr[data-row="yours"]'), [perToken, atContext], `${state.layers} · ${state.kvHeads} · ${state.headDim}`);
  for (const row of releasedKvRows(state.dtype, state.context)) {
    cells(table.querySelector(`tr[data-row="${row.id}"]`), [row.perToken, row.atContext], `${row.shape.layers} · ${row.shape.kvHeads} · ${row.shape.headDim}`);
  }
}

/** A change to draw: the resolved state, and the model whose attention goes with it. */
type Update = { readonly state: SharingState; readonly changedAt: number; readonly model: { readonly key: string; readonly source: Source } };

function mountSharingWidget(root: HTMLElement): void {
  const lang: Lang = langOf(root.dataset['lang']);
  const strings = SHARING_STRINGS[lang];
  const elements = widgetElements(root, 'attention-sharing widget');
  const controls = findControls(elements);
  const { role } = elements;
  const status = role('status');
  const message = role('message');
  /** The model attention on screen, so a change of n or m does not run the model again. */
  let shownAttention: { readonly key: string; readonly attention: Promise<ModelAttention> } | undefined;
  /** The model the hub part opened (its layer count once it has run), and whether the menu picks it. */
  let hubModel: { readonly source: HubModelSource; layers: number | undefined } | undefined;
  let usingHub = false;
  let lastReplica: SharingReplica = readControls(controls, SHARING_DEFAULTS.replica).replica;
  const read = () => readControls(controls, lastReplica);

  const hub = mountHubPart(root, {
    lang,
    message,
    open: (source) => {
      hubModel = { source, layers: undefined };
      showHubOption(source.repo);
      usingHub = true;
      update(read(), [], true);
    },
  });

  function showHubOption(repo: string): void {
    const option = [...controls.replica.options].find((o) => o.value === HUB_OPTION) ?? controls.replica.appendChild(new Option('', HUB_OPTION));
    option.textContent = strings.hubOption(repo);
  }

  /** The model the controls point at: the hub's, or a replica with the chosen weights. */
  function modelOf(state: SharingState): Update['model'] {
    if (usingHub && hubModel !== undefined) {
      const { hub: name, repo, revision } = hubModel.source;
      return { key: `hub:${name}:${repo}@${revision}:${state.layer}`, source: hubModel.source };
    }
    return { key: `${state.replica}:${state.weights}:${state.layer}`, source: sourceOf(state.replica, state.weights) };
  }

  const submit = latestWins<Update, { live: Live; attention: ModelAttention; fresh: boolean }>({
    work: async ({ state, model }) => {
      const live = await loadLive();
      const fresh = shownAttention?.key !== model.key;
      if (fresh) shownAttention = { key: model.key, attention: live.modelAttention(model.source, state.layer, strings.sampleText) };
      try {
        return { live, attention: await shownAttention!.attention, fresh };
      } catch (error) {
        shownAttention = undefined;
        throw error;
      }
    },
    deliver: ({ live, attention, fresh }, { state, changedAt }) => {
      live.drawMemoryChart(role('memory-chart'), state, strings);
      if (fresh) {
        live.drawModelAttention(role('attention'), attention, strings);
        setText(role('attention-caption'), strings.attentionCaption(attention.heads, attention.kvHeads));
      }
      if (usingHub && hubModel !== undefined) {
        hub.opened(hubModel.source);
        if (hubModel.layers === undefined) {
          hubModel.layers = attention.layers;
          writeControls(controls, state, { hub: true, layers: attention.layers }, strings);
        }
      }
      showRunReport(root, status, { ...attention, runMs: fresh ? attention.runMs : 0, updateMs: performance.now() - changedAt }, lang);
      replaceUrlParams(serializeSharingState(state));
      root.dataset['state'] = 'ready';
    },
    fail: (error) => {
      root.dataset['state'] = 'error';
      // What went wrong on the way from a hub is the hub part's to explain (it offers the retry).
      if (usingHub) hub.failed(error);
      else showMessages(message, [strings.error(messageOf(error))]);
    },
  });

  /** Resolves and draws `asked`; `compute` runs the heavy part (the reader interacted). */
  function update(asked: SharingState, linkNotes: readonly SharingNote[], compute: boolean): void {
    const changedAt = performance.now();
    // A hub model's layers are known once it has run; until then any layer the menu holds is fine.
    const layers = usingHub ? (hubModel?.layers ?? controls.layer.options.length) : REPLICA_LAYERS;
    const { state, notes } = resolveSharingState(asked, layers);
    lastReplica = state.replica;
    writeControls(controls, state, { hub: usingHub, layers }, strings);
    showMessages(message, [...linkNotes, ...notes].map(strings.note));
    drawNumbers(elements, state, strings);
    if (!compute) return;
    if (root.dataset['state'] === 'idle') {
      status.textContent = strings.loadingStatus;
      controls.run.textContent = strings.runAgain;
    }
    root.dataset['state'] = 'loading';
    submit({ state, changedAt, model: modelOf(state) });
  }

  const onChange = () => update(read(), [], true);
  const onModel = () => {
    const wasHub = usingHub;
    usingHub = controls.replica.value === HUB_OPTION && hubModel !== undefined;
    if (wasHub && !usingHub) hub.elsewhere();
    onChange();
  };
  for (const input of [controls.heads, controls.layers, controls.headDim, controls.context]) input.addEventListener('change', onChange);
  for (const select of [controls.kvHeads, controls.dtype, controls.untrained, controls.layer]) select.addEventListener('change', onChange);
  controls.replica.addEventListener('change', onModel);
  controls.run.addEventListener('click', onChange);

  const fromSearch = (search: string) => parseSharingState(search, read());
  attachPresenter(root, {
    lang,
    steps: strings.presenterSteps,
    apply: (params: StepParams) => {
      const { state, notes } = fromSearch(withParams(location.search, params));
      update(state, notes, true);
    },
  });

  // A link restores the controls and the numbers; the heavy part waits for the first interaction.
  if (hasNamespace(location.search, SHARING_NAMESPACE)) {
    const { state, notes } = fromSearch(location.search);
    update(state, notes, false);
  } else {
    update(read(), [], false);
  }
}

export function mountSharingWidgets(): void {
  for (const root of document.querySelectorAll<HTMLElement>('section[data-widget="attention-sharing"]')) mountSharingWidget(root);
}

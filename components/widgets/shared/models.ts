// The one place widgets get a model from: a trained tiny model fetched from this site
// (models/trained/<id>/, kernels/families/trained.ts) or its untrained twin (the same config and
// tokenizer, random weights), a tiny replica with random weights built in
// memory, the checkpoint files the reader picked, a repository on a hub (hub-models.ts, loaded
// only when one is asked for), or a trained model with its linear weights quantized (the quantization
// widget). The model panel and the attention-sharing
// widget both open models here, so another kind of model slots in by adding a Source kind.
//
// Heavy (it builds replicas and starts onnxruntime-web): import it only from a widget's live.ts.
import { blobSource } from '../../../kernels/checkpoint/blob-source.ts';
import { fetchFolder } from '../../../kernels/checkpoint/fetch-folder.ts';
import { openLazyCheckpoint } from '../../../kernels/checkpoint/lazy.ts';
import { loadCheckpoint, type Checkpoint } from '../../../kernels/checkpoint/load.ts';
import { memorySource, type CheckpointSource } from '../../../kernels/checkpoint/source.ts';
import { PANEL_TOKENS, PanelModel } from '../../../kernels/demos/model-panel.ts';
import { quantizeWeights, withWeights } from '../../../kernels/demos/quantized-weights.ts';
import type { GroupSize } from '../../../kernels/ops/quantize/groups.ts';
import { planHeaders, PlanRefusal } from '../../../kernels/hub/plan.ts';
import { LAYERED_RUNNER, WHOLE_MODEL_RUNNER, type RunnerKind } from '../../../kernels/hub/runner.ts';
import { tinyReplica, TINY_REPLICAS, type ReplicaName } from '../../../kernels/families/tiny/replica.ts';
import { TRAINED_FILES, TRAINED_VARIANTS, trainedPath, trainedVariant, type TrainedVariant } from '../../../kernels/families/trained.ts';
import { UNTRAINED_FILES, untrainedTwin } from '../../../kernels/families/untrained.ts';
import { browserRuntime } from '../../../kernels/runtime/browser.ts';
import { reportLoadProgress } from '../../../kernels/runtime/progress.ts';
import type { HubRepoFields } from './hub-source.ts';
import { onFirstUseOf } from './controller.ts';
import { memoryBudget } from './memory-budget.ts';

/** Where the weights come from: a trained model of this site, a replica built in memory, the files the reader picked, or a hub. */
export type Source =
  | { readonly kind: 'trained'; readonly id: string }
  /** A trained model's config and tokenizer with random weights (kernels/families/untrained.ts). */
  | { readonly kind: 'untrained'; readonly id: string }
  | { readonly kind: 'replica'; readonly name: string }
  /** A trained model with every block linear weight quantized to `bits` in groups of `groupSize` and restored (kernels/demos/quantized-weights.ts). */
  | { readonly kind: 'quantized'; readonly id: string; readonly bits: number; readonly groupSize: GroupSize }
  | { readonly kind: 'upload'; readonly files: readonly File[] }
  | (HubRepoFields & {
      readonly kind: 'hub';
      /** Cancels the download (and the header reads) in flight. */
      readonly signal?: AbortSignal;
    });

/** Quantized copies of trained models kept open at once (each is the size of the trained model, a few MB). */
const QUANTIZED_KEPT = 4;

/** Opened trained models and replicas by `kind:name`; every widget on the page shares them (and their compiled sessions). */
const opened = new Map<string, Promise<PanelModel>>();

/** Forgets an opened model and frees its memory (one that failed to open holds none). */
async function closeOpened(key: string): Promise<void> {
  const model = opened.get(key);
  opened.delete(key);
  await model?.then((m) => m.close(), () => undefined);
}
let upload: { readonly files: readonly File[]; readonly model: Promise<PanelModel> } | undefined;

function isReplica(name: string): name is ReplicaName {
  return (TINY_REPLICAS as readonly string[]).includes(name);
}

/**
 * The reader's files, planned from their headers like a hub's: small enough for one graph with the
 * weights inside, they run as the tiny models do; larger, on the layered runner, every layer
 * resident when they fit the memory budget, else one layer at a time read from the files on disk
 * (no generation); beyond even that, a PlanRefusal that says what would fit.
 */
async function openUpload(files: readonly File[]): Promise<PanelModel> {
  reportLoadProgress({ stage: 'weights' });
  const source = blobSource(files);
  const [runtime, { config, tensors }] = await Promise.all([browserRuntime(), openLazyCheckpoint(source)]);
  const weightBytes = files.filter((file) => file.name.endsWith('.safetensors')).reduce((sum, file) => sum + file.size, 0);
  const plan = (runner: RunnerKind) =>
    planHeaders(config, tensors, weightBytes, { budgetBytes: memoryBudget(), runner: runner.limits, ...PANEL_TOKENS }, 'the files picked').plan;
  if (plan(WHOLE_MODEL_RUNNER).memory.mode === 'resident') return PanelModel.open(runtime, source);
  const layered = plan(LAYERED_RUNNER);
  if (layered.memory.mode === 'cannot-run') throw new PlanRefusal('the files picked', layered);
  return PanelModel.openLayered(runtime, source, { mode: layered.memory.mode === 'resident' ? 'resident' : 'streamed' });
}

/** Files of a trained model's folder, fetched from this site (the page's base URL) with their download progress. */
function fetchTrained(id: string, names: readonly string[]): Promise<CheckpointSource> {
  const folder = `${import.meta.env.BASE_URL.replace(/\/?$/, '/')}${trainedPath(id)}`;
  return fetchFolder(folder, names, (loaded, total) => reportLoadProgress({ stage: 'weights', loaded, ...(total === undefined ? {} : { total }) }));
}

/** Whole trained folders by id, fetched once: the trained model and its quantized copies read the same files. */
const trainedFolder = onFirstUseOf((id: string): Promise<CheckpointSource> => fetchTrained(id, TRAINED_FILES));

/** Trained checkpoints by id, read once: the quantization widget reads their tensors on every change. */
const trainedCheckpointOf = onFirstUseOf(async (id: string): Promise<Checkpoint> => loadCheckpoint(await trainedFolder(id)));

/** A trained model's checkpoint (config and tensors), for widgets that read its weights beside running it. */
export function trainedCheckpoint(id: string): Promise<Checkpoint> {
  return trainedCheckpointOf(trainedVariant(id).id);
}

async function openTrained(variant: TrainedVariant): Promise<PanelModel> {
  const [runtime, files] = await Promise.all([browserRuntime(), trainedFolder(variant.id)]);
  return PanelModel.open(runtime, files, { id: `trained-${variant.id}` });
}

/** The trained model with its block linear weights quantized and restored through the quantize graph. */
async function openQuantized(variant: TrainedVariant, bits: number, groupSize: GroupSize): Promise<PanelModel> {
  const [runtime, files, checkpoint] = await Promise.all([browserRuntime(), trainedFolder(variant.id), trainedCheckpoint(variant.id)]);
  const { replaced } = await quantizeWeights(runtime, checkpoint.tensors, { bits, groupSize });
  return PanelModel.fromCheckpoint(runtime, withWeights(checkpoint, replaced), files, { id: `quantized-${variant.id}-b${bits}-g${groupSize}` });
}

/** The same architecture and tokenizer with random weights: only the small files are fetched. */
async function openUntrained(variant: TrainedVariant): Promise<PanelModel> {
  const [runtime, files] = await Promise.all([browserRuntime(), fetchTrained(variant.id, UNTRAINED_FILES)]);
  return PanelModel.open(runtime, await untrainedTwin(variant, files), { id: `untrained-${variant.id}` });
}

async function openReplica(name: ReplicaName): Promise<PanelModel> {
  const runtime = await browserRuntime();
  reportLoadProgress({ stage: 'weights' });
  return PanelModel.open(runtime, memorySource(tinyReplica(name).files), { id: `replica-${name}` });
}

/** The model of `source`, opened once and kept (a failed open is forgotten, so it can be retried). */
export function openModel(source: Source): Promise<PanelModel> {
  if (source.kind === 'upload') {
    if (upload?.files !== source.files) {
      // The reader's earlier files give way to the new ones, memory first.
      const previous = upload?.model.then((m) => m.close(), () => undefined) ?? Promise.resolve();
      const model = previous.then(() => openUpload(source.files));
      upload = { files: source.files, model };
      model.catch(() => (upload = upload?.model === model ? undefined : upload));
    }
    return upload.model;
  }
  const name =
    source.kind === 'trained' || source.kind === 'untrained'
      ? source.id
      : source.kind === 'quantized'
        ? `${source.id}:b${source.bits}:g${source.groupSize}`
        : source.kind === 'replica'
          ? source.name
          : `${source.hub}/${source.repo}@${source.revision}`;
  const key = `${source.kind}:${name}`;
  let model = opened.get(key);
  if (model === undefined) {
    // The session key names the model: switching back reuses the compiled session.
    if (source.kind === 'hub') {
      // One hub model at a time: the memory plan counted one, so the last one is closed first.
      const previous = [...opened.keys()].find((k) => k.startsWith('hub:'));
      const closed = previous === undefined ? Promise.resolve() : closeOpened(previous);
      model = closed.then(() => import('./hub-models.ts')).then(({ openHubModel }) => openHubModel(source));
    } else if (source.kind === 'quantized') {
      const variant = TRAINED_VARIANTS.find((v) => v.id === source.id);
      if (variant === undefined) return Promise.reject(new Error(`no trained model named '${source.id}'`));
      // A few quantized copies stay open, so going back to a setting just compared is immediate;
      // beyond QUANTIZED_KEPT the oldest is closed, its memory freed, before the new one opens.
      const kept = [...opened.keys()].filter((k) => k.startsWith('quantized:'));
      const closed = kept.length < QUANTIZED_KEPT ? Promise.resolve() : closeOpened(kept[0]!);
      model = closed.then(() => openQuantized(variant, source.bits, source.groupSize));
    } else if (source.kind === 'trained' || source.kind === 'untrained') {
      const variant = TRAINED_VARIANTS.find((v) => v.id === name);
      if (variant === undefined) return Promise.reject(new Error(`no trained model named '${name}'`));
      model = source.kind === 'trained' ? openTrained(variant) : openUntrained(variant);
    } else {
      if (!isReplica(name)) return Promise.reject(new Error(`no tiny replica named '${name}'`));
      model = openReplica(name);
    }
    opened.set(key, model);
    model.catch(() => opened.delete(key));
  }
  return model;
}

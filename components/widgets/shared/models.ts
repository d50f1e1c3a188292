// The one place widgets get a model from: a trained tiny model fetched from this site
// (models/trained/<id>/, kernels/families/trained.ts), a tiny replica with random weights built in
// memory, the checkpoint files the reader picked, or a repository on a hub (hub-models.ts, loaded
// only when one is asked for). The model panel and the attention-sharing
// widget both open models here, so another kind of model slots in by adding a Source kind.
//
// Heavy (it builds replicas and starts onnxruntime-web): import it only from a widget's live.ts.
import { fetchFolder } from '../../../kernels/checkpoint/fetch-folder.ts';
import { memorySource } from '../../../kernels/checkpoint/source.ts';
import { PanelModel } from '../../../kernels/demos/model-panel.ts';
import { tinyReplica, TINY_REPLICAS, type ReplicaName } from '../../../kernels/families/tiny/replica.ts';
import { TRAINED_FILES, TRAINED_VARIANTS, trainedPath } from '../../../kernels/families/trained.ts';
import { browserRuntime } from '../../../kernels/runtime/browser.ts';
import { reportLoadProgress } from '../../../kernels/runtime/progress.ts';

/** Where the weights come from: a trained model of this site, a replica built in memory, the files the reader picked, or a hub. */
export type Source =
  | { readonly kind: 'trained'; readonly id: string }
  | { readonly kind: 'replica'; readonly name: string }
  | { readonly kind: 'upload'; readonly files: readonly File[] }
  | {
      readonly kind: 'hub';
      /** A hub of kernels/hub/hubs.ts by name, or 'site' (the mirror on the page's own origin). */
      readonly hub: string;
      /** organisation/name */
      readonly repo: string;
      readonly revision: string;
      /** For gated repositories: kept in memory for the session, never stored, never in a URL. */
      readonly token?: string;
      /** Cancels the download (and the header reads) in flight. */
      readonly signal?: AbortSignal;
    };

/** Opened trained models and replicas by `kind:name`; every widget on the page shares them (and their compiled sessions). */
const opened = new Map<string, Promise<PanelModel>>();
let upload: { readonly files: readonly File[]; readonly model: Promise<PanelModel> } | undefined;

function isReplica(name: string): name is ReplicaName {
  return (TINY_REPLICAS as readonly string[]).includes(name);
}

async function openUpload(files: readonly File[]): Promise<PanelModel> {
  reportLoadProgress({ stage: 'weights' });
  const bytes = new Map<string, Uint8Array>();
  for (const file of files) bytes.set(file.name, new Uint8Array(await file.arrayBuffer()));
  return PanelModel.open(await browserRuntime(), memorySource(bytes));
}

/** A trained model's folder, fetched from this site (the page's base URL) with its download progress. */
async function openTrained(id: string): Promise<PanelModel> {
  const folder = `${import.meta.env.BASE_URL.replace(/\/?$/, '/')}${trainedPath(id)}`;
  const [runtime, files] = await Promise.all([
    browserRuntime(),
    fetchFolder(folder, TRAINED_FILES, (loaded, total) => reportLoadProgress({ stage: 'weights', loaded, ...(total === undefined ? {} : { total }) })),
  ]);
  return PanelModel.open(runtime, files, { id: `trained-${id}` });
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
      const model = openUpload(source.files);
      upload = { files: source.files, model };
      model.catch(() => (upload = upload?.model === model ? undefined : upload));
    }
    return upload.model;
  }
  const name =
    source.kind === 'trained' ? source.id : source.kind === 'replica' ? source.name : `${source.hub}/${source.repo}@${source.revision}`;
  const key = `${source.kind}:${name}`;
  let model = opened.get(key);
  if (model === undefined) {
    // The session key names the model: switching back reuses the compiled session.
    if (source.kind === 'hub') {
      model = import('./hub-models.ts').then(({ openHubModel }) => openHubModel(source));
    } else if (source.kind === 'trained') {
      if (!TRAINED_VARIANTS.some((v) => v.id === name)) return Promise.reject(new Error(`no trained model named '${name}'`));
      model = openTrained(name);
    } else {
      if (!isReplica(name)) return Promise.reject(new Error(`no tiny replica named '${name}'`));
      model = openReplica(name);
    }
    opened.set(key, model);
    model.catch(() => opened.delete(key));
  }
  return model;
}

// The one place widgets get a model from: a tiny replica built in memory, or the checkpoint files the
// reader picked. The model panel and the attention-sharing widget both open models here, so a
// trained or a real model slots in by adding a Source kind, not by touching each widget.
//
// Heavy (it builds replicas and starts onnxruntime-web): import it only from a widget's live.ts.
import { memorySource } from '../../../kernels/checkpoint/source.ts';
import { PanelModel } from '../../../kernels/demos/model-panel.ts';
import { tinyReplica, TINY_REPLICAS, type ReplicaName } from '../../../kernels/families/tiny/replica.ts';
import { browserRuntime } from '../../../kernels/runtime/browser.ts';
import { reportLoadProgress } from '../../../kernels/runtime/progress.ts';

/** Where the weights come from: a replica built in memory, or the files the reader picked. */
export type Source =
  { readonly kind: 'replica'; readonly name: string } | { readonly kind: 'upload'; readonly files: readonly File[] };

/** Opened replicas by name; each widget on the page shares them (and their compiled sessions). */
const replicas = new Map<string, Promise<PanelModel>>();
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
  const { name } = source;
  let model = replicas.get(name);
  if (model === undefined) {
    if (!isReplica(name)) return Promise.reject(new Error(`no tiny replica named '${name}'`));
    // The replica's session key is its name: switching back reuses the compiled session.
    model = browserRuntime().then((runtime) => {
      reportLoadProgress({ stage: 'weights' });
      return PanelModel.open(runtime, memorySource(tinyReplica(name).files), { id: `replica-${name}` });
    });
    replicas.set(name, model);
    model.catch(() => replicas.delete(name));
  }
  return model;
}

// A checkpoint in the layout transformers.js (@huggingface/transformers) loads, built from the same
// weights by our own graph code, so `npm run bench` can run it beside our runner as a yardstick.
//
//   folder/config.json        the checkpoint's own (transformers.js reads model_type and the shapes)
//   folder/onnx/model.onnx    our decoder (graph.ts's emitDecoder), with transformers.js's names:
//
//   inputs   input_ids [batch_size, sequence_length] int64, position_ids [batch_size, sequence_length] int64,
//            past_key_values.{l}.key / .value [batch_size, m, past_sequence_length, d] float32
//   outputs  logits [batch_size, sequence_length, V], present.{l}.key / .value [batch_size, m, Tk, d]
//
// transformers.js makes position_ids from the attention mask and, before the first call, feeds each
// past_key_values input with a zero-length cache shaped after the input's declared dims (named dims
// other than batch_size become 0). It only feeds the inputs the graph declares, so the graph declares
// no attention_mask: one sequence without padding, whose causal mask the graph derives from the cache
// length as ours does. The batch axis holds 1; the graph reshapes it away and back.
//
// RoPE: our graphs take cos/sin tables made on the host (ropeTableData); here the same table is made
// once for positions 0 … N−1 and stored in the graph, and position_ids pick its rows. That needs a
// frequency set that does not change with the length (plain RoPE, LLaMA and Qwen2); others are refused.
//
// The weights become float32 initializers, so a model of more than about 500M weights meets protobuf's
// 2 GB limit (the synthetic Qwen2.5-0.5B does: 494M weights, 1.98 GB, plus the RoPE table).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Checkpoint } from '../../kernels/checkpoint/load.ts';
import { detectModel } from '../../kernels/families/detect.ts';
import { emitDecoder } from '../../kernels/families/forward/graph.ts';
import { emitSequence } from '../../kernels/families/forward/graph-sequence.ts';
import { forwardInputs } from '../../kernels/families/forward/inputs.ts';
import type { ModelSpec } from '../../kernels/families/spec.ts';
import { attr, GraphBuilder, type Value } from '../../kernels/onnx/graph-builder.ts';
import { ropeTableData } from '../../kernels/ops/rope/table.ts';

/** Positions the stored RoPE table covers (more than any bench prompt and its decode). */
const TABLE_POSITIONS = 2048;

/** The RoPE frequencies, refused when they depend on the sequence length (dynamic scaling). */
function fixedInvFreq(spec: ModelSpec): Float64Array {
  const at = (length: number): Float64Array | undefined =>
    forwardInputs(spec, Array.from({ length }, () => 0), 0).invFreq;
  const short = at(1);
  const long = at(TABLE_POSITIONS);
  const fixed = short !== undefined && long !== undefined && short.every((f, i) => f === long[i]);
  if (spec.position.kind !== 'rope' || spec.position.style !== 'half' || !fixed) {
    throw new Error(`${spec.label}: the transformers.js layout here covers plain rotate-half RoPE with fixed frequencies (LLaMA, Qwen2)`);
  }
  return short!;
}

/** Our decoder with transformers.js's input and output names and batch axis, as ONNX bytes. */
export function transformersJsDecoder(spec: ModelSpec, checkpoint: Checkpoint): Uint8Array {
  const invFreq = fixedInvFreq(spec);
  const { numKvHeads: m, headDim: d, vocabSize: V } = spec;
  const g = new GraphBuilder('transformers-js-decoder');
  const outputNames = ['logits', ...spec.tensors.layers.flatMap((_, l) => [`present.${l}.key`, `present.${l}.value`])];
  outputNames.forEach((name) => g.reserve(name));
  const flat = g.int64('flat', [-1]);
  const batchAxis = g.int64('batch_axis', [0]);
  const unbatch = (x: Value, hint: string): Value => g.op('Squeeze', [x, batchAxis], {}, hint);
  const batch = (x: Value, hint: string): Value => g.op('Unsqueeze', [x, batchAxis], {}, hint);

  const ids = g.op('Reshape', [g.input('input_ids', 'int64', ['batch_size', 'sequence_length']), flat], {}, 'ids');
  const positions = g.op('Reshape', [g.input('position_ids', 'int64', ['batch_size', 'sequence_length']), flat], {}, 'positions');
  const past = spec.tensors.layers.map((_, l) => {
    const cache = (part: 'key' | 'value'): Value =>
      unbatch(g.input(`past_key_values.${l}.${part}`, 'float32', ['batch_size', m, 'past_sequence_length', d]), `past_${part}_${l}`);
    return { key: cache('key'), value: cache('value') };
  });

  // the rows of the position table that position_ids name: [T, R]
  const table = ropeTableData(Array.from({ length: TABLE_POSITIONS }, (_, p) => p), invFreq, 'half');
  const rows = (values: Float32Array, hint: string): Value =>
    g.op('Gather', [g.constant(`${hint}_table`, values, table.dims), positions], { axis: attr.int(0) }, hint);
  const ropeTable = { style: 'half' as const, cos: rows(table.cos, 'rope_cos'), sin: rows(table.sin, 'rope_sin') };

  const seq = emitSequence(g, spec, ids, past[0]!.key, { prefixLength: g.int64('prefix_length', [0], [1]), ropeTable });
  const decoder = emitDecoder(g, spec, checkpoint.tensors, ids, past, seq);
  decoder.blocks.forEach((block, l) => {
    g.output(batch(block.presentKey, `present_key_${l}`), `present.${l}.key`, 'float32', [1, m, 'Tk', d]);
    g.output(batch(block.presentValue, `present_value_${l}`), `present.${l}.value`, 'float32', [1, m, 'Tk', d]);
  });
  g.output(batch(decoder.logits, 'batched_logits'), 'logits', 'float32', [1, 'sequence_length', V]);
  return g.toModelBytes();
}

/** Writes config.json and onnx/model.onnx for transformers.js to `folder`; returns the model file's bytes. */
export async function writeTransformersJsFolder(checkpoint: Checkpoint, configJson: string, folder: string): Promise<number> {
  const spec = detectModel(checkpoint.config, checkpoint.tensors.names());
  const model = transformersJsDecoder(spec, checkpoint);
  await mkdir(join(folder, 'onnx'), { recursive: true });
  await writeFile(join(folder, 'config.json'), configJson);
  await writeFile(join(folder, 'onnx', 'model.onnx'), model);
  return model.length;
}

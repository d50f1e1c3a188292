// A small, typed way to write ONNX graphs in TypeScript.
//
// Kernels add nodes to a GraphBuilder; `toModelBytes()` encodes the finished graph with the
// onnx-proto package (the official onnx.proto compiled for JavaScript), ready for
// `ort.InferenceSession.create(bytes)`. Every value in the graph is named by a string; the builder
// hands out fresh names so kernels can be composed without clashes.
import { assertNever } from '../assert-never.ts';
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/** A tensor dimension: a fixed size, or a symbolic name such as 'T' for a size chosen at run time. */
export type Dim = number | string;
export type Shape = readonly Dim[];
export type ElementType = 'float32' | 'float16' | 'int64' | 'bool';

declare const graphValue: unique symbol;
/** The name of a value (a tensor) inside the graph being built. */
export type Value = string & { readonly [graphValue]: true };

const ELEMENT_TYPE: Record<ElementType, number> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  float16: onnx.TensorProto.DataType.FLOAT16,
  int64: onnx.TensorProto.DataType.INT64,
  bool: onnx.TensorProto.DataType.BOOL,
};

/** Node attributes are typed explicitly: ONNX distinguishes `1` the int from `1.0` the float. */
export type Attribute =
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'ints'; value: readonly number[] }
  | { kind: 'floats'; value: readonly number[] }
  | { kind: 'string'; value: string };

export const attr = {
  int: (value: number): Attribute => ({ kind: 'int', value }),
  float: (value: number): Attribute => ({ kind: 'float', value }),
  ints: (value: readonly number[]): Attribute => ({ kind: 'ints', value }),
  floats: (value: readonly number[]): Attribute => ({ kind: 'floats', value }),
  string: (value: string): Attribute => ({ kind: 'string', value }),
};

/** The opset every graph is written against (ORT web runs it on WASM and WebGPU). */
export const OPSET = 17;

function attributeProto(name: string, a: Attribute): InstanceType<typeof onnx.AttributeProto> {
  const T = onnx.AttributeProto.AttributeType;
  switch (a.kind) {
    case 'int':
      return onnx.AttributeProto.create({ name, type: T.INT, i: a.value });
    case 'float':
      return onnx.AttributeProto.create({ name, type: T.FLOAT, f: a.value });
    case 'ints':
      return onnx.AttributeProto.create({ name, type: T.INTS, ints: [...a.value] });
    case 'floats':
      return onnx.AttributeProto.create({ name, type: T.FLOATS, floats: [...a.value] });
    case 'string':
      return onnx.AttributeProto.create({ name, type: T.STRING, s: new TextEncoder().encode(a.value) });
    default:
      return assertNever(a, 'attribute kind');
  }
}

function valueInfo(name: string, type: ElementType, shape: Shape) {
  const dim = shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return onnx.ValueInfoProto.create({
    name,
    type: { tensorType: { elemType: ELEMENT_TYPE[type], shape: { dim } } },
  });
}

export class GraphBuilder {
  private readonly nodes: InstanceType<typeof onnx.NodeProto>[] = [];
  private readonly inputs: InstanceType<typeof onnx.ValueInfoProto>[] = [];
  private readonly outputs: InstanceType<typeof onnx.ValueInfoProto>[] = [];
  private readonly initializers: InstanceType<typeof onnx.TensorProto>[] = [];
  private readonly usedNames = new Set<string>();
  private readonly reservedNames = new Set<string>();
  private counter = 0;
  private readonly name: string;

  constructor(name: string) {
    this.name = name;
  }

  /** A fresh, unique value name that starts with `hint` (kept readable for debugging). */
  fresh(hint: string): Value {
    let name = hint;
    while (this.usedNames.has(name) || this.reservedNames.has(name)) name = `${hint}_${++this.counter}`;
    this.usedNames.add(name);
    return name as Value;
  }

  /** Keeps `name` out of `fresh`'s choices, for a graph output declared after values whose hint it is. */
  reserve(name: string): void {
    this.reservedNames.add(name);
  }

  /** Declares a graph input: a tensor the caller feeds at run time. */
  input(name: string, type: ElementType, shape: Shape): Value {
    if (this.usedNames.has(name)) throw new Error(`graph input name '${name}' is already used`);
    this.usedNames.add(name);
    this.inputs.push(valueInfo(name, type, shape));
    return name as Value;
  }

  /** Marks `value` as a graph output under `name` (adds an Identity node when the names differ). */
  output(value: Value, name: string, type: ElementType, shape: Shape): void {
    if (value !== name) {
      if (this.usedNames.has(name)) throw new Error(`graph output name '${name}' is already used`);
      this.usedNames.add(name);
      this.nodes.push(onnx.NodeProto.create({ opType: 'Identity', input: [value], output: [name] }));
    }
    this.outputs.push(valueInfo(name, type, shape));
  }

  /** A float32 constant stored in the model (weights, tables). */
  constant(hint: string, data: Float32Array | readonly number[], dims: readonly number[]): Value {
    const name = this.fresh(hint);
    const floats = data instanceof Float32Array ? data : Float32Array.from(data);
    checkSize(name, floats.length, dims);
    this.initializers.push(
      onnx.TensorProto.create({
        name,
        dataType: onnx.TensorProto.DataType.FLOAT,
        dims: [...dims],
        rawData: new Uint8Array(floats.buffer, floats.byteOffset, floats.byteLength),
      }),
    );
    return name;
  }

  /** `x` converted to another element type (ONNX Cast; `to` is the TensorProto type number). */
  cast(x: Value, to: ElementType, hint?: string): Value {
    return this.op('Cast', [x], { to: attr.int(ELEMENT_TYPE[to]) }, hint);
  }

  /** An int64 constant (shapes, axes, indices). */
  int64(hint: string, data: readonly number[], dims: readonly number[] = [data.length]): Value {
    const name = this.fresh(hint);
    checkSize(name, data.length, dims);
    this.initializers.push(
      onnx.TensorProto.create({
        name,
        dataType: onnx.TensorProto.DataType.INT64,
        dims: [...dims],
        int64Data: [...data],
      }),
    );
    return name;
  }

  /** A float32 scalar constant (rank 0). */
  scalar(hint: string, value: number): Value {
    return this.constant(hint, [value], []);
  }

  /** Adds one node with a single output and returns that output. */
  op(opType: string, inputs: readonly (Value | '')[], attributes: Record<string, Attribute> = {}, hint?: string): Value {
    const [out] = this.opN(opType, inputs, 1, attributes, hint);
    return out as Value;
  }

  /** Adds one node with `outputCount` outputs (Split, TopK, ...). */
  opN(
    opType: string,
    inputs: readonly (Value | '')[],
    outputCount: number,
    attributes: Record<string, Attribute> = {},
    hint?: string,
  ): Value[] {
    const outputs = Array.from({ length: outputCount }, (_, i) =>
      this.fresh(`${hint ?? opType.toLowerCase()}${outputCount > 1 ? `_${i}` : ''}`),
    );
    this.nodes.push(
      onnx.NodeProto.create({
        opType,
        input: [...inputs],
        output: outputs,
        attribute: Object.entries(attributes).map(([name, a]) => attributeProto(name, a)),
      }),
    );
    return outputs;
  }

  /** Encodes the graph as an ONNX model (protobuf bytes). */
  toModelBytes(): Uint8Array {
    const graph = onnx.GraphProto.create({
      name: this.name,
      node: this.nodes,
      input: this.inputs,
      output: this.outputs,
      initializer: this.initializers,
    });
    const model = onnx.ModelProto.create({
      irVersion: 8,
      producerName: 'llm-anatomy',
      opsetImport: [{ domain: '', version: OPSET }],
      graph,
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

function checkSize(name: string, length: number, dims: readonly number[]): void {
  const expected = dims.reduce((a, b) => a * b, 1);
  if (length !== expected) {
    throw new Error(`constant '${name}': ${length} values do not fill shape [${dims.join(', ')}]`);
  }
}

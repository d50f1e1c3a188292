// The quantization widget's state: which trained model, how many bits, the group size and the
// prompt; how it travels in the URL (quant-model=llama&quant-bits=4&quant-group=32&quant-text=…)
// and how it is kept in range.
//
// Pure functions, unit-tested without a browser. Bits are whole numbers from 2 to 8 (anything else
// is moved to the nearer end, with a note); text that is no whole number keeps the last good value,
// with a note. The group size is one of the menu's. An empty prompt is refused, a long one cut.
import { TRAINED_VARIANTS } from '../../../kernels/families/trained.ts';
import type { GroupSize } from '../../../kernels/ops/quantize/groups.ts';
import { clampAsked, INTEGER, type NotANumberNote } from '../shared/numbers.ts';

export const QUANT_MODELS = TRAINED_VARIANTS.map((v) => v.id);
export const BITS = { low: 2, high: 8 } as const;
/** Every bit width the chart shows, fewest first. */
export const CHART_BITS = Array.from({ length: BITS.high - BITS.low + 1 }, (_, i) => BITS.low + i);
/** Group sizes on offer; 'row' is one group per output row (per-output-channel). */
export const GROUP_SIZES: readonly GroupSize[] = [16, 32, 64, 128, 'row'];
/** Characters of prompt kept: the trained models were trained on windows of 64 tokens. */
export const MAX_TEXT = 64;

export type QuantState = {
  readonly model: string;
  readonly bits: number;
  readonly groupSize: GroupSize;
  readonly text: string;
};

export const QUANT_PARAMS = {
  model: 'quant-model',
  bits: 'quant-bits',
  groupSize: 'quant-group',
  text: 'quant-text',
} as const satisfies Record<keyof QuantState, string>;

export const QUANT_NAMESPACE = 'quant';

/** The first line of a poem the trained models read in training (the held-out text is in the same script). */
export const QUANT_DEFAULTS: QuantState = { model: 'llama', bits: 4, groupSize: 32, text: '春眠不覺曉，處處聞啼' };

export type QuantNote =
  | NotANumberNote
  | { readonly kind: 'bits-clamped'; readonly asked: number; readonly used: number }
  | { readonly kind: 'unknown-value'; readonly param: string; readonly value: string }
  | { readonly kind: 'empty-text' }
  | { readonly kind: 'text-cut'; readonly length: number };

export function groupSizeOf(text: string): GroupSize | undefined {
  return GROUP_SIZES.find((g) => String(g) === text.trim());
}

/** Bits as typed: a whole number moved into 2..8, or `fallback` when it is not one. */
export function readBits(text: string, fallback: number, notes: { push(note: QuantNote): unknown }): number {
  if (!INTEGER.test(text.trim())) {
    notes.push({ kind: 'not-a-number', param: QUANT_PARAMS.bits, value: text });
    return fallback;
  }
  const asked = Number(text.trim());
  const used = clampAsked(asked, BITS.low, BITS.high);
  if (used !== asked) notes.push({ kind: 'bits-clamped', asked, used });
  return used;
}

/** The prompt as typed: refused when blank (`fallback` stays), cut to MAX_TEXT characters. */
export function readText(text: string, fallback: string, notes: { push(note: QuantNote): unknown }): string {
  if (text.trim() === '') {
    notes.push({ kind: 'empty-text' });
    return fallback;
  }
  const characters = [...text];
  if (characters.length <= MAX_TEXT) return text;
  notes.push({ kind: 'text-cut', length: characters.length });
  return characters.slice(0, MAX_TEXT).join('');
}

/** The state a URL asks for on top of `defaults`, every value usable, with notes. */
export function parseQuantState(search: string, defaults: QuantState): { state: QuantState; notes: QuantNote[] } {
  const params = new URLSearchParams(search);
  const notes: QuantNote[] = [];
  const model = params.get(QUANT_PARAMS.model);
  const bits = params.get(QUANT_PARAMS.bits);
  const group = params.get(QUANT_PARAMS.groupSize);
  const text = params.get(QUANT_PARAMS.text);
  const known = model !== null && QUANT_MODELS.includes(model);
  if (model !== null && !known) notes.push({ kind: 'unknown-value', param: QUANT_PARAMS.model, value: model });
  const groupSize = group === null ? undefined : groupSizeOf(group);
  if (group !== null && groupSize === undefined) notes.push({ kind: 'unknown-value', param: QUANT_PARAMS.groupSize, value: group });
  return {
    state: {
      model: known ? model : defaults.model,
      bits: bits === null ? defaults.bits : readBits(bits, defaults.bits, notes),
      groupSize: groupSize ?? defaults.groupSize,
      text: text === null ? defaults.text : readText(text, defaults.text, notes),
    },
    notes,
  };
}

/** The URL parameters that restore `state` exactly. */
export function serializeQuantState(state: QuantState): Record<string, string> {
  return {
    [QUANT_PARAMS.model]: state.model,
    [QUANT_PARAMS.bits]: String(state.bits),
    [QUANT_PARAMS.groupSize]: String(state.groupSize),
    [QUANT_PARAMS.text]: state.text,
  };
}

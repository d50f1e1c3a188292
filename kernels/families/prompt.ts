// The special ids a family's prompt carries around the reader's tokens, and a prompt cut to fit a limit.
//
//   LLaMA, Llama 2   <s> prompt                 (tokenizer.json's post-processor)
//   ChatGLM-6B       prompt [gMASK] <sop>       (the model finds its prefix block from where these sit)
//   ChatGLM2/3       [gMASK] sop prompt         (context only: the model itself is plainly causal)
//   Qwen, Qwen2      prompt
//
// The tokenizer's template says it when there is one (the tiny replicas' tokenizer.json files write
// what each family's own tokenizer code adds). Without one, ChatGLM-6B still gets [gMASK] <sop> from
// its config.json, because without <sop> its mask and positions would not be the ones it was trained
// with; the other families run the ids as given.
import type { Template } from '../tokenizers/post-processor.ts';
import type { ModelSpec } from './spec.ts';

export function promptTemplate(spec: ModelSpec, tokenizerTemplate: Template | undefined): Template {
  const fromTokenizer = tokenizerTemplate ?? { prefix: [], suffix: [] };
  if (fromTokenizer.prefix.length + fromTokenizer.suffix.length > 0) return fromTokenizer;
  return spec.mask.kind === 'glm-prefix'
    ? { prefix: [], suffix: [spec.mask.gmaskTokenId, spec.mask.bosTokenId] }
    : { prefix: [], suffix: [] };
}

export type PreparedPrompt = {
  /** What runs: the template's prefix, as many of the reader's ids as fit, the template's suffix. */
  readonly ids: number[];
  /** Template ids added in front (empty when the reader's ids already started with them). */
  readonly prepended: number[];
  /** Template ids added behind (empty when the reader's ids already ended with them). */
  readonly appended: number[];
  /** Reader's ids dropped from the end of the text to make room. */
  readonly dropped: number;
};

/**
 * The reader's ids inside the template, at most `maxTokens` long. A prefix or suffix the reader
 * already typed is kept, not doubled; when the ids must be cut, the cut takes text from the end of
 * the reader's own tokens, so the suffix stays.
 */
export function preparePrompt(readerIds: readonly number[], template: Template, maxTokens: number): PreparedPrompt {
  const { prefix, suffix } = template;
  const hasPrefix = startsWith(readerIds, prefix);
  const start = hasPrefix ? prefix.length : 0;
  const hasSuffix =
    readerIds.length - suffix.length >= start && startsWith(readerIds.slice(readerIds.length - suffix.length), suffix);
  const end = hasSuffix ? readerIds.length - suffix.length : readerIds.length;
  const text = readerIds.slice(start, end);
  const kept = text.slice(0, Math.max(0, maxTokens - prefix.length - suffix.length));
  return {
    ids: [...prefix, ...kept, ...suffix],
    prepended: hasPrefix ? [] : [...prefix],
    appended: hasSuffix ? [] : [...suffix],
    dropped: text.length - kept.length,
  };
}

function startsWith(ids: readonly number[], head: readonly number[]): boolean {
  return head.length <= ids.length && head.every((id, i) => ids[i] === id);
}

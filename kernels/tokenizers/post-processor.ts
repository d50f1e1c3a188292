// tokenizer.json's "post_processor": the special tokens that `encode` puts around the text's own ids
// when special tokens are asked for (Hugging Face's default, `add_special_tokens=True`). The released
// Llama 2 file puts <s> in front; Qwen2's file has a ByteLevel step that only trims offsets and adds
// nothing. Only the single-sequence template is read: the site never encodes a pair of texts.
//
//   "single": [{"SpecialToken": {"id": "<s>"}}, {"Sequence": {"id": "A"}}]   →   prefix [1], suffix []
import { assertNever } from '../assert-never.ts';
import { array, fail, kind, object, string, type JsonObject } from './json.ts';

/** Ids before and after the text's own ids. */
export type Template = { readonly prefix: readonly number[]; readonly suffix: readonly number[] };

export const NO_TEMPLATE: Template = { prefix: [], suffix: [] };

export function postProcessor(config: unknown, path = 'post_processor'): Template {
  if (config === null || config === undefined) return NO_TEMPLATE;
  const o = object(config, path);
  const type = kind(o, path, ['TemplateProcessing', 'ByteLevel', 'Sequence']);
  switch (type) {
    case 'TemplateProcessing':
      return singleTemplate(o, path);
    case 'ByteLevel':
      return NO_TEMPLATE; // it moves character offsets; the ids stay as they are
    case 'Sequence':
      // Each processor wraps what the ones before it made.
      return array(o['processors'], `${path}.processors`)
        .map((c, i) => postProcessor(c, `${path}.processors[${i}]`))
        .reduce(
          (inner, outer) => ({ prefix: [...outer.prefix, ...inner.prefix], suffix: [...inner.suffix, ...outer.suffix] }),
          NO_TEMPLATE,
        );
    default:
      return assertNever(type, 'post-processor type');
  }
}

/** The "single" template: special tokens before the sequence A go in front, the ones after it behind. */
function singleTemplate(o: JsonObject, path: string): Template {
  const specialTokens = object(o['special_tokens'] ?? {}, `${path}.special_tokens`);
  const prefix: number[] = [];
  const suffix: number[] = [];
  let sawText = false;
  array(o['single'], `${path}.single`).forEach((entry, i) => {
    const at = `${path}.single[${i}]`;
    const piece = object(entry, at);
    if (piece['Sequence'] !== undefined) {
      const name = string(object(piece['Sequence'], `${at}.Sequence`), 'id', `${at}.Sequence`);
      if (name !== 'A' || sawText) fail(at, `must hold the sequence A exactly once, got sequence ${name}`);
      sawText = true;
    } else if (piece['SpecialToken'] !== undefined) {
      const name = string(object(piece['SpecialToken'], `${at}.SpecialToken`), 'id', `${at}.SpecialToken`);
      const token = specialTokens[name];
      if (token === undefined) fail(at, `names the special token '${name}', which special_tokens does not define`);
      (sawText ? suffix : prefix).push(...tokenIds(token, `${path}.special_tokens.${name}`));
    } else {
      fail(at, 'must be {"Sequence": …} or {"SpecialToken": …}');
    }
  });
  if (!sawText) fail(`${path}.single`, 'has no sequence A: where would the text go?');
  return { prefix, suffix };
}

function tokenIds(token: unknown, path: string): number[] {
  return array(object(token, path)['ids'], `${path}.ids`).map((id, i) => {
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0)
      fail(`${path}.ids[${i}]`, `must be a token id, got ${JSON.stringify(id)}`);
    return id;
  });
}

// A Hugging Face tokenizer.json as encode/decode functions:
//
//   encode: text → cut at added tokens → normalizer → pre-tokenizer → BPE per word → ids
//           → the post-processor's special tokens around them (LLaMA's <s>, ChatGLM's [gMASK] <sop>)
//   decode: ids → token strings → decoder steps → text
//
// As in Hugging Face, `encode` adds the post-processor's tokens unless told not to; `template` says
// which they are, so a caller that shows them apart from the reader's text can add them itself.
import { readAddedTokens, splitOnAddedTokens } from './added-tokens.ts';
import { bpeModel, type Bpe } from './bpe.ts';
import { decoder } from './decoders.ts';
import { byteSchemeOf, type ByteScheme } from './token-bytes.ts';
import { fail, object, type JsonObject } from './json.ts';
import { normalizer, preTokenizer } from './pipeline.ts';
import { postProcessor, type Template } from './post-processor.ts';

export type EncodeOptions = {
  /** Put the post-processor's special tokens around the text's ids (true unless said otherwise, as in Hugging Face). */
  readonly addSpecialTokens?: boolean;
};

export type DecodeOptions = {
  /** Leave out special added tokens (BOS, EOS, mask tokens), as `skip_special_tokens=True`. */
  readonly skipSpecialTokens?: boolean;
};

export type Tokenizer = {
  /** One more than the largest id, counting the added tokens. */
  readonly size: number;
  /** Ids of the special added tokens. */
  readonly specialIds: ReadonlySet<number>;
  /** The special ids `encode` puts before and after the text's own (tokenizer.json's post_processor). */
  readonly template: Template;
  /** How vocabulary entries spell bytes (token-bytes.ts): one stand-in character per byte, or text with ▁. */
  readonly byteScheme: ByteScheme;
  encode(text: string, options?: EncodeOptions): number[];
  decode(ids: readonly number[], options?: DecodeOptions): string;
  idOf(token: string): number | undefined;
  tokenOf(id: number): string | undefined;
};

export function tokenizerFromJson(json: unknown): Tokenizer {
  const root = object(json, '(top level)');
  return tokenizerAround(bpeModel(root['model']), root);
}

/**
 * The pipeline of a tokenizer.json (added tokens, normalizer, pre-tokenizer, decoder,
 * post-processor: all keys but "model") around a BPE model, which may come from another file
 * (tiktoken.ts).
 */
export function tokenizerAround(bpe: Bpe, root: JsonObject): Tokenizer {
  const added = readAddedTokens(root['added_tokens']);
  const normalize = normalizer(root['normalizer']);
  const preTokenize = preTokenizer(root['pre_tokenizer']);
  const decodeTokens = decoder(root['decoder']);
  const template = postProcessor(root['post_processor']);

  // The added tokens' own map is looked up first: an added token may reuse a vocab entry's text.
  const addedIdOf = new Map(added.map((t) => [t.content, t.id]));
  // id → token; an array with holes where no token has that id. Filled by loops, never by
  // spreading (Math.max(...ids) over Qwen's 151K ids overflows the call stack).
  const tokenOf: (string | undefined)[] = [];
  for (const [token, id] of bpe.vocab) tokenOf[id] = token;
  for (const t of added) tokenOf[t.id] = t.content;
  const specialIds = new Set(added.filter((t) => t.special).map((t) => t.id));
  const size = tokenOf.length;
  for (const id of [...template.prefix, ...template.suffix])
    if (tokenOf[id] === undefined) fail('post_processor', `adds id ${id}, which is not a token (ids run from 0 to ${size - 1})`);

  return {
    size,
    specialIds,
    template,
    byteScheme: byteSchemeOf(root['decoder']),
    encode(text, options = {}) {
      // Appended one by one, never spread: a pasted page's ids are too many for a call's arguments.
      const ids: number[] = options.addSpecialTokens === false ? [] : [...template.prefix];
      for (const segment of splitOnAddedTokens(text, added)) {
        if ('id' in segment) ids.push(segment.id);
        else for (const word of preTokenize(normalize(segment.text), segment.atStart)) bpe.encodeWord(word, ids);
      }
      if (options.addSpecialTokens !== false) for (const id of template.suffix) ids.push(id);
      return ids;
    },
    decode(ids, options = {}) {
      const tokens = ids
        .filter((id) => !(options.skipSpecialTokens === true && specialIds.has(id)))
        .map((id) => {
          const token = tokenOf[id];
          if (token === undefined) throw new Error(`tokenizer: id ${id} is not a token (ids run from 0 to ${size - 1})`);
          return token;
        });
      return decodeTokens(tokens).join('');
    },
    idOf: (token) => addedIdOf.get(token) ?? bpe.vocab.get(token),
    tokenOf: (id) => tokenOf[id],
  };
}

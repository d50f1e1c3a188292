// ChatGLM2-6B's and ChatGLM3-6B's tokenizer: a SentencePiece BPE tokenizer.model (sentencepiece.ts)
// and the rules their Python class ChatGLMTokenizer puts around it (tokenization_chatglm.py:
// https://huggingface.co/THUDM/chatglm2-6b/blob/8fd7fba285f7171d3ae7ea3b35c53b6340501ed1/tokenization_chatglm.py
// https://huggingface.co/THUDM/chatglm3-6b/blob/456aa875cf1f46623006edaa23103774ea9c0eae/tokenization_chatglm.py).
//
//   text            sentencepiece's pieces, each looked up among the special names below before
//                   the model's own (Hugging Face's tokenizer(text) converts pieces to ids that way):
//                   a typed "<s>" or "[gMASK]" is characters, never that token, but a piece that is
//                   spelled "sop" or "eop" comes out as that special id. (SPTokenizer.encode, which
//                   ChatGLM3's build_chat_input uses for the text of a turn, skips that lookup.)
//   special tokens  not pieces of the model: numbered after its n pieces, in a fixed order
//                   ChatGLM2  [MASK] n, [gMASK] n+1, [sMASK] n+2, sop n+3, eop n+4
//                   ChatGLM3  the same, then <|system|> n+5, <|user|> n+6, <|assistant|> n+7, <|observation|> n+8
//                   (released: n = 64789, so [gMASK] = 64790 and sop = 64792)
//   with special    [gMASK] sop in front of the text's ids; no <s>, no </s>
//   decode          <s>, </s> and <unk> vanish; the special ids vanish (ChatGLM2) or are written by
//                   name (ChatGLM3); the rest as sentencepiece decodes pieces
import { decodeAsSentencePiece, SENTENCEPIECE_FILE, sentencePieceTokenizer, type DecodeItem, type SentencePieceModel } from './sentencepiece.ts';
import type { Tokenizer } from './tokenizer.ts';

export type ChatGlmGeneration = 2 | 3;

const CHATGLM2_SPECIAL = ['[MASK]', '[gMASK]', '[sMASK]', 'sop', 'eop'] as const;
const CHATGLM3_ROLES = ['<|system|>', '<|user|>', '<|assistant|>', '<|observation|>'] as const;

/**
 * Which of the two a folder holds. The released tokenizer.model files are the same file and the two
 * tokenizer_config.json files differ only in name_or_path ("THUDM/chatglm2-6b", "THUDM/chatglm3-6b"),
 * so the name is all there is to go on. A name that does not say chatglm2 is read as ChatGLM3: its
 * special tokens include all of ChatGLM2's at the same ids and the text's ids are the same, so a
 * ChatGLM2 folder under another name loses nothing but its decode writes [gMASK], sop and eop by
 * name where ChatGLM2's Python leaves them out; read the other way, a ChatGLM3 fine-tune's role
 * tokens would not be tokens at all.
 */
export function chatGlmGeneration(nameOrPath: string): ChatGlmGeneration {
  return /chatglm2/i.test(nameOrPath) ? 2 : 3;
}

export function chatGlmTokenizer(model: SentencePieceModel, generation: ChatGlmGeneration, file = SENTENCEPIECE_FILE): Tokenizer {
  const text = sentencePieceTokenizer(model, { addBos: false, addEos: false, controlPiecesInText: 'characters' }, file);
  const n = model.pieces.length;
  const names: readonly string[] = generation === 3 ? [...CHATGLM2_SPECIAL, ...CHATGLM3_ROLES] : CHATGLM2_SPECIAL;
  const idOfName = new Map(names.map((name, k) => [name, n + k]));
  const prefix = [idOfName.get('[gMASK]')!, idOfName.get('sop')!];
  const size = n + names.length;
  // The model's own control and unknown pieces stay special (<s>, </s>, <unk>), and every name.
  const specialIds = new Set([...text.specialIds, ...idOfName.values()]);
  // Pieces of the model spelled like a special token, and the special id they are read as.
  const specialOfPiece = new Map(names.flatMap((name, k) => (text.idOf(name) === undefined ? [] : [[text.idOf(name)!, n + k] as const])));

  return {
    size,
    specialIds,
    template: { prefix, suffix: [] },
    byteScheme: text.byteScheme,
    encode(input, options = {}) {
      const ids = text.encode(input, { addSpecialTokens: false }).map((id) => specialOfPiece.get(id) ?? id);
      return options.addSpecialTokens === false ? ids : [...prefix, ...ids];
    },
    decode(ids, options = {}) {
      const items: DecodeItem[] = [];
      for (const id of ids) {
        if (!Number.isInteger(id) || id < 0 || id >= size) throw new Error(`tokenizer: id ${id} is not a token (ids run from 0 to ${size - 1})`);
        if (id >= n) {
          if (generation === 3 && options.skipSpecialTokens !== true) items.push(names[id - n]!);
        } else if (!text.specialIds.has(id)) items.push(id);
      }
      return decodeAsSentencePiece(model, items);
    },
    idOf: (token) => idOfName.get(token) ?? text.idOf(token),
    tokenOf: (id) => (id >= n ? names[id - n] : text.tokenOf(id)),
  };
}

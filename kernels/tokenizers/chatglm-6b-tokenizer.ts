// ChatGLM-6B's tokenizer: the SentencePiece BPE model ice_text.model (sentencepiece.ts) and the rules
// its Python class ChatGLMTokenizer puts around it (tokenization_chatglm.py,
// https://huggingface.co/THUDM/chatglm-6b/blob/8b7d33596d18c5e83e2da052d05ca4db02e60620/tokenization_chatglm.py).
//
//   whitespace   before sentencepiece sees the text, "\n" → <n>, "\t" → <|tab|>, and every run of
//                2 to 80 spaces → <|blank_N|> (longer runs: 80 at a time, a lone space left over
//                stays a space); the model holds these as user-defined pieces, matched whole. The
//                model's own normalizer then applies NFKC (full-width "，" becomes ","; the authors
//                say so in https://github.com/THUDM/ChatGLM-6B/issues/8), read from the file like
//                any SentencePiece character map (sentencepiece-normalizer.ts)
//   ids          each sentencepiece id plus num_image_tokens, an offset left from ChatGLM-6B's
//                image tokens: 20000 in the first release, 0 since the "slim" vocabulary of
//                2023-04-06, whose tokenizer_config.json says so (the Python's default is 20000)
//   prefix LM    with special tokens the prompt ENDS in [gMASK] <sop>: the model reads everything
//                before <sop> bidirectionally and generates after it (ChatGLM2 moved both in front)
//   decode       sentencepiece's decode, then <n>, <|tab|> and <|blank_N|> back to whitespace; ids
//                below the offset are image tokens, written <image_N>; last, transformers' tidying of
//                English spacing (clean_up_tokenization_spaces, on by default then: " ," → "," …)
//
// The first release's ice_text.model lacked ChatGLM's own pieces: its Python (then through the icetk
// library) appended 8 special pieces, the tab and 79 blank pieces and 256 byte pieces when it loaded
// the file, and switched byte fallback on
// (https://huggingface.co/THUDM/chatglm-6b/blob/23ad39b5714930d33872c279665eaccb2292fa60/tokenization_chatglm.py);
// the file shipped since holds them. A file without [gMASK] gets them appended here the same way.
//
// The text reaches the model through transformers' tokenize(), as it was before 4.34 (ChatGLM-6B's
// README installs 4.27.1; from 4.34 on its class fails to load). That cuts the text at the names of
// the class's special tokens, <sop>, <eop>, <unk>, <pad> and [MASK], strips the whitespace on both
// sides of each, and encodes every stretch between them on its own (each with its own dummy prefix);
// a name becomes its piece's id. Any other name, [gMASK] included, is plain characters.
import { CheckpointError } from '../checkpoint/errors.ts';
import { splitOnAddedTokens } from './added-tokens.ts';
import { blank, MAX_BLANK, TAB, withWhitespace, withWhitespacePieces } from './chatglm-6b-whitespace.ts';
import { decodeAsSentencePiece, sentencePieceTokenizer, type DecodeItem, type SentencePiece, type SentencePieceModel } from './sentencepiece.ts';
import type { Tokenizer } from './tokenizer.ts';

export const ICE_TEXT_FILE = 'ice_text.model';
/** num_image_tokens where tokenizer_config.json does not say (the Python's default). */
export const DEFAULT_IMAGE_TOKENS = 20000;

const SPECIAL = ['[MASK]', '[gMASK]', '[sMASK]', '<unused_0>', '<sop>', '<eop>', '<ENC>', '<dBLOCK>'] as const;
/** The special tokens tokenizer_config.json names for transformers (bos, eos, unk, pad, mask): cut out of the text. */
const CUT_OUT = ['<sop>', '<eop>', '<unk>', '<pad>', '[MASK]'] as const;
/** Python's str.strip() whitespace at the start / end, which differs from JavaScript's \s (U+001C–U+001F and U+0085 in, U+FEFF out). */
const PYTHON_SPACE = String.raw`[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+`;
const LEADING_SPACE = new RegExp(`^${PYTHON_SPACE}`);
const TRAILING_SPACE = new RegExp(`${PYTHON_SPACE}$`);

export function chatGlm6bTokenizer(file: SentencePieceModel, imageTokens: number, fileName = ICE_TEXT_FILE): Tokenizer {
  const model = file.pieces.some(({ piece }) => piece === '[gMASK]') ? file : withChatGlmPieces(file);
  const text = sentencePieceTokenizer(model, { addBos: false, addEos: false, controlPiecesInText: 'characters' }, fileName);
  const pieceId = (piece: string) => text.idOf(piece) ?? fail(fileName, `has no ${piece} piece`);
  const suffix = [imageTokens + pieceId('[gMASK]'), imageTokens + pieceId('<sop>')];
  const size = imageTokens + model.pieces.length;
  const cutOut = CUT_OUT.flatMap((name) => {
    const id = text.idOf(name);
    return id === undefined ? [] : [{ id, content: name, special: true, lstrip: false, rstrip: false, singleWord: false }];
  });

  return {
    size,
    specialIds: new Set([...text.specialIds].map((id) => id + imageTokens)),
    template: { prefix: [], suffix },
    byteScheme: 'chatglm-6b', // sentencepiece's, with <n>, <|tab|> and <|blank_N|> as the whitespace they stand for
    encode(input, options = {}) {
      const segments = splitOnAddedTokens(input, cutOut);
      const ids: number[] = [];
      segments.forEach((segment, i) => {
        if ('id' in segment) {
          ids.push(segment.id + imageTokens);
          return;
        }
        // Stripped on each side that touches a name (text stretches and names alternate).
        let stretch = segment.text;
        if (i > 0) stretch = stretch.replace(LEADING_SPACE, '');
        if (i < segments.length - 1) stretch = stretch.replace(TRAILING_SPACE, '');
        if (stretch !== '') for (const id of text.encode(withWhitespacePieces(stretch), { addSpecialTokens: false })) ids.push(id + imageTokens);
      });
      return options.addSpecialTokens === false ? ids : [...ids, ...suffix];
    },
    // The Python first drops <pad>; it is a control piece, which decodes to nothing anyway.
    decode(ids, options = {}) {
      const items: DecodeItem[] = [];
      for (const id of ids) {
        if (!Number.isInteger(id) || id < 0 || id >= size) throw new Error(`tokenizer: id ${id} is not a token (ids run from 0 to ${size - 1})`);
        if (options.skipSpecialTokens === true && text.specialIds.has(id - imageTokens)) continue;
        items.push(id < imageTokens ? imageToken(id) : id - imageTokens);
      }
      return withoutSpaceBeforePunctuation(withWhitespace(decodeAsSentencePiece(model, items)));
    },
    idOf(token) {
      const image = /^<image_(\d+)>$/.exec(token);
      if (image !== null) return Number(image[1]) < imageTokens ? Number(image[1]) : undefined;
      const id = text.idOf(token);
      return id === undefined ? undefined : id + imageTokens;
    },
    tokenOf: (id) => (id < imageTokens ? (id >= 0 ? imageToken(id) : undefined) : text.tokenOf(id - imageTokens)),
  };
}

/**
 * tokenizer_config.json's num_image_tokens (the Python's default where it is silent). remove_space
 * and do_lower_case would rewrite the text first; no release sets them and they are refused.
 */
export function imageTokensOf(config: Readonly<Record<string, unknown>>, file: string): number {
  for (const key of ['remove_space', 'do_lower_case'])
    if (config[key] === true) fail(file, `tokenizer_config.json sets ${key}, which no ChatGLM-6B release does and this reader does not apply`);
  const value = config['num_image_tokens'] ?? DEFAULT_IMAGE_TOKENS;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    fail(file, `tokenizer_config.json's num_image_tokens must be a whole number ≥ 0, got ${JSON.stringify(value)}`);
  return value;
}

/** transformers' clean_up_tokenization: each pair replaced in this order, all over the text. */
const CLEAN_UP: readonly (readonly [string, string])[] = [
  [' .', '.'],
  [' ?', '?'],
  [' !', '!'],
  [' ,', ','],
  [" ' ", "'"],
  [" n't", "n't"],
  [" 'm", "'m"],
  [" 's", "'s"],
  [" 've", "'ve"],
  [" 're", "'re"],
];
const withoutSpaceBeforePunctuation = (text: string) => CLEAN_UP.reduce((t, [before, after]) => t.replaceAll(before, after), text);

const imageToken = (id: number) => `<image_${id}>`;

/** The first release's file with the pieces its Python appended on loading it, in the same order. */
function withChatGlmPieces(model: SentencePieceModel): SentencePieceModel {
  const piece = (text: string, type: SentencePiece['type']): SentencePiece => ({ piece: text, score: 0, type });
  const bytes = Array.from({ length: 256 }, (_, b) => piece(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`, 'byte'));
  const blanks = Array.from({ length: MAX_BLANK - 1 }, (_, i) => piece(blank(i + 2), 'user-defined'));
  return {
    ...model,
    pieces: [...model.pieces, ...SPECIAL.map((t) => piece(t, 'control')), piece(TAB, 'user-defined'), ...blanks, ...bytes],
    byteFallback: true,
  };
}

function fail(file: string, message: string): never {
  throw new CheckpointError(`${file}: ${message}`);
}

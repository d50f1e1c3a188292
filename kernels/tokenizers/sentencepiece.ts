// A SentencePiece model file (tokenizer.model, as LLaMA and Baichuan release it), read into the same
// pipeline as tokenizer.json (tokenizer.ts), the way Hugging Face converts one to a fast tokenizer.
//
// The file is a protobuf ModelProto (protobuf.ts): the pieces in id order, each a string, a score and
// a type, and two option blocks, the trainer's and the normalizer's. A BPE model keeps no merge
// list: encoding starts from single characters and glues the adjacent pair whose concatenation is
// the piece with the highest score, the leftmost on a tie, until no pair makes a piece. That is
// bpe.ts's merge loop with a pair ranked by the piece it makes, as for tiktoken (tiktoken.ts).
// Around it, in tokenizer.json terms:
//
//   normalizer      the character map's rules (NFKC), if the model has one; runs of spaces collapsed
//                   and the ends trimmed (remove_extra_whitespaces), "▁" in front (add_dummy_prefix),
//                   every space written as "▁" (escape_whitespaces)
//   unknown char    its UTF-8 bytes as <0xNN> pieces (byte_fallback), else the unknown piece
//   special pieces  control pieces (<s>, </s>) and the unknown piece as special added tokens, cut
//                   out of the text first (as Hugging Face's LlamaTokenizer does; sentencepiece
//                   itself, and ChatGLM's Python with it, reads their names as plain characters);
//                   user-defined pieces matched whole in the normalized text, before BPE
//   decoder         "▁" back to a space, byte pieces back to text; as sentencepiece decodes, the
//                   "▁" that opens the text is dropped (with a dummy prefix or trimmed ends), and
//                   special pieces stand as their own text between the runs they cut
//
// The normalizer, with the compiled character map through which a model applies NFKC, is the
// library's own step for step (sentencepiece-normalizer.ts).
//
// Checked against Google's sentencepiece library on two small models (tests/fixtures/sentencepiece/),
// and with user-defined pieces and a character map on ChatGLM-6B's (tests/fixtures/chatglm/).
// Unigram models (the library's default type) are refused: this reader would give other ids than
// the model's own.
import { CheckpointError } from '../checkpoint/errors.ts';
import { splitOnAddedTokens } from './added-tokens.ts';
import { bpe, byteTokenIds } from './bpe.ts';
import { decoder } from './decoders.ts';
import { fields, float32Of, ProtobufError } from './protobuf.ts';
import { sentencePieceNormalizer, type NormalizerSpec } from './sentencepiece-normalizer.ts';
import { tokenizerAround, type Tokenizer } from './tokenizer.ts';

export const SENTENCEPIECE_FILE = 'tokenizer.model';

const PIECE_TYPES = ['normal', 'unknown', 'control', 'user-defined', 'unused', 'byte'] as const;
type PieceType = (typeof PIECE_TYPES)[number];
const MODEL_TYPES = ['unigram', 'bpe', 'word', 'char'] as const;

export type SentencePiece = { readonly piece: string; readonly score: number; readonly type: PieceType };

/** What a model file holds, as far as encoding needs it (defaults as the .proto declares them). */
export type SentencePieceModel = {
  readonly pieces: readonly SentencePiece[];
  readonly modelType: (typeof MODEL_TYPES)[number];
  readonly byteFallback: boolean;
  readonly normalizer: NormalizerSpec;
  readonly treatWhitespaceAsSuffix: boolean;
};

// Field numbers of sentencepiece_model.proto.
const MODEL = { pieces: 1, trainerSpec: 2, normalizerSpec: 3 };
const PIECE = { piece: 1, score: 2, type: 3 };
const TRAINER = { modelType: 3, treatWhitespaceAsSuffix: 24, byteFallback: 35 };
const NORMALIZER = { name: 1, charsmap: 2, addDummyPrefix: 3, removeExtraWhitespaces: 4, escapeWhitespaces: 5 };

export function readSentencePieceModel(bytes: Uint8Array, file = SENTENCEPIECE_FILE): SentencePieceModel {
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const pieces: SentencePiece[] = [];
  let modelType: SentencePieceModel['modelType'] = 'unigram';
  let byteFallback = false;
  let treatWhitespaceAsSuffix = false;
  const normalizer = { name: '', charsmap: new Uint8Array() as Uint8Array, addDummyPrefix: true, removeExtraWhitespaces: true, escapeWhitespaces: true };
  try {
    for (const field of fields(bytes)) {
      if (field.wire !== 2) continue;
      if (field.number === MODEL.pieces) {
        let piece: string | undefined;
        let score = 0;
        let type: PieceType = 'normal';
        for (const f of fields(field.bytes)) {
          if (f.number === PIECE.piece && f.wire === 2) piece = utf8.decode(f.bytes);
          else if (f.number === PIECE.score && f.wire === 5) score = float32Of(f.bytes);
          else if (f.number === PIECE.type && f.wire === 0) type = PIECE_TYPES[f.value - 1] ?? fail(file, `piece ${pieces.length} has type ${f.value}, which the format does not define`);
        }
        if (piece === undefined) fail(file, `piece ${pieces.length} has no text`);
        pieces.push({ piece, score, type });
      } else if (field.number === MODEL.trainerSpec) {
        for (const f of fields(field.bytes)) {
          if (f.wire !== 0) continue;
          if (f.number === TRAINER.modelType) modelType = MODEL_TYPES[f.value - 1] ?? fail(file, `model type ${f.value} is not one the format defines`);
          else if (f.number === TRAINER.byteFallback) byteFallback = f.value !== 0;
          else if (f.number === TRAINER.treatWhitespaceAsSuffix) treatWhitespaceAsSuffix = f.value !== 0;
        }
      } else if (field.number === MODEL.normalizerSpec) {
        for (const f of fields(field.bytes)) {
          if (f.number === NORMALIZER.name && f.wire === 2) normalizer.name = utf8.decode(f.bytes);
          else if (f.number === NORMALIZER.charsmap && f.wire === 2) normalizer.charsmap = f.bytes;
          else if (f.wire !== 0) continue;
          else if (f.number === NORMALIZER.addDummyPrefix) normalizer.addDummyPrefix = f.value !== 0;
          else if (f.number === NORMALIZER.removeExtraWhitespaces) normalizer.removeExtraWhitespaces = f.value !== 0;
          else if (f.number === NORMALIZER.escapeWhitespaces) normalizer.escapeWhitespaces = f.value !== 0;
        }
      }
    }
  } catch (error) {
    if (error instanceof ProtobufError || error instanceof TypeError) fail(file, `not a readable SentencePiece model (${error.message})`);
    throw error;
  }
  if (pieces.length === 0) fail(file, 'holds no pieces: not a SentencePiece model');
  return { pieces, modelType, byteFallback, normalizer, treatWhitespaceAsSuffix };
}

/** What tokenizer_config.json says around the model: whether encode adds <s> and </s> (LlamaTokenizer's defaults: yes, no). */
export type SpecialTokenRule = {
  readonly addBos: boolean;
  readonly addEos: boolean;
  /**
   * Whether "<s>", "</s>" or "<unk>" typed in the text is that piece (Hugging Face's reading, the
   * default) or its characters (sentencepiece's own, which ChatGLM's Python keeps).
   */
  readonly controlPiecesInText?: 'pieces' | 'characters';
};

export function sentencePieceTokenizer(model: SentencePieceModel, rule: SpecialTokenRule, file = SENTENCEPIECE_FILE): Tokenizer {
  if (model.modelType !== 'bpe')
    fail(file, `a ${model.modelType} model; this reader runs only SentencePiece's BPE models (LLaMA's and Baichuan's are BPE)`);
  if (!model.normalizer.escapeWhitespaces || model.treatWhitespaceAsSuffix)
    fail(file, 'marks spaces in a way this reader does not (it reads "▁" at the start of a word only)');

  const { pieces } = model;
  const vocab = new Map<string, number>();
  pieces.forEach(({ piece }, id) => {
    if (!vocab.has(piece)) vocab.set(piece, id);
  });
  // Pieces BPE may build, best score first (the earlier id on a tie): a pair's rank is the place of
  // the piece it makes in this list.
  const buildable = pieces.flatMap(({ type }, id) => (type === 'normal' || type === 'user-defined' ? [id] : []));
  buildable.sort((a, b) => pieces[b]!.score - pieces[a]!.score || a - b);
  const rankOfPiece = new Map(buildable.map((id, rank) => [pieces[id]!.piece, rank]));
  const unk = pieces.findIndex(({ type }) => type === 'unknown');
  const merges = {
    rankOf: (left: number, right: number) => rankOfPiece.get(pieces[left]!.piece + pieces[right]!.piece),
    mergedId: (rank: number) => buildable[rank]!,
  };
  const model_ = bpe(vocab, merges, {
    unk: unk < 0 ? undefined : unk,
    fuseUnk: true,
    byteIds: model.byteFallback ? byteTokenIds(vocab) : undefined,
  });

  const { addDummyPrefix, removeExtraWhitespaces } = model.normalizer;
  // As added tokens (added-tokens.ts): matched whole, nothing stripped around them.
  const added = (id: number, special: boolean) => ({ id, content: pieces[id]!.piece, special, lstrip: false, rstrip: false, singleWord: false });
  const control = pieces.flatMap(({ type }, id) => (type === 'control' || type === 'unknown' ? [added(id, true)] : []));
  const userDefined = pieces.flatMap(({ type }, id) => (type === 'user-defined' ? [added(id, false)] : []));
  let normalize: (text: string) => string;
  try {
    normalize = sentencePieceNormalizer(model.normalizer, userDefined.map((t) => t.content));
  } catch (error) {
    if (error instanceof ProtobufError) fail(file, `not a readable SentencePiece model (${error.message})`);
    throw error;
  }
  const templateToken = (content: string) => {
    const id = vocab.get(content);
    if (id === undefined) fail(file, `has no ${content} piece, which tokenizer_config.json asks encode to add`);
    return { SpecialToken: { id: content } };
  };
  const specialTokens = Object.fromEntries(['<s>', '</s>'].flatMap((t) => (vocab.has(t) ? [[t, { id: t, ids: [vocab.get(t)], tokens: [t] }]] : [])));
  const tokenizer = tokenizerAround(model_, {
    added_tokens: [...control, ...userDefined],
    post_processor: {
      type: 'TemplateProcessing',
      single: [...(rule.addBos ? [templateToken('<s>')] : []), { Sequence: { id: 'A' } }, ...(rule.addEos ? [templateToken('</s>')] : [])],
      special_tokens: specialTokens,
    },
    decoder: PIECES_TO_TEXT,
  });
  // sentencepiece drops the space a text opens with when it could have come from the normalizer.
  const dropOpeningSpace = addDummyPrefix || removeExtraWhitespaces;
  const cutOut = rule.controlPiecesInText === 'characters' ? [] : control;
  return {
    ...tokenizer,
    // As sentencepiece encodes: the whole stretch between cut-out pieces is normalized first (one
    // "▁" in front of it, not one in front of each user-defined piece), then user-defined pieces are
    // found in it and BPE runs on what lies between them.
    encode(text, options = {}) {
      const ids: number[] = options.addSpecialTokens === false ? [] : [...tokenizer.template.prefix];
      for (const segment of splitOnAddedTokens(text, cutOut)) {
        if ('id' in segment) ids.push(segment.id);
        else
          for (const part of splitOnAddedTokens(normalize(segment.text), userDefined)) {
            if ('id' in part) ids.push(part.id);
            else model_.encodeWord(part.text, ids);
          }
      }
      if (options.addSpecialTokens !== false) for (const id of tokenizer.template.suffix) ids.push(id);
      return ids;
    },
    decode(ids, options = {}) {
      let text = '';
      let run: string[] = [];
      const flush = () => {
        text += piecesToText(dropOpeningSpace ? withoutOpeningSpace(run) : run).join('');
        run = [];
      };
      for (const id of ids) {
        const piece = pieces[id];
        if (piece === undefined) throw new Error(`tokenizer: id ${id} is not a token (ids run from 0 to ${pieces.length - 1})`);
        if (!tokenizer.specialIds.has(id)) run.push(piece.piece);
        else if (options.skipSpecialTokens !== true) {
          flush();
          text += piece.piece;
        }
      }
      flush();
      return text;
    },
  };
}

/** Pieces to text: "▁" to a space, runs of <0xNN> pieces to the characters their bytes spell. */
const PIECES_TO_TEXT = {
  type: 'Sequence',
  decoders: [{ type: 'Replace', pattern: { String: '▁' }, content: ' ' }, { type: 'ByteFallback' }, { type: 'Fuse' }],
};
const piecesToText = decoder(PIECES_TO_TEXT);

/** What decodes: a piece's id, or text that stands as it is (ChatGLM's names for its ids past the model's pieces). */
export type DecodeItem = number | string;

/**
 * The text sentencepiece's decode_pieces makes of `items` (ids already checked to be the model's):
 * control pieces vanish, the unknown piece is " ⁇ ", strings stand as they are, and the "▁" that
 * opens the text is dropped when the normalizer could have put it there. Unlike Hugging Face's
 * decode above, only the text's very first run loses its opening "▁", not each run after a special
 * token, and control pieces are never written out.
 */
export function decodeAsSentencePiece(model: SentencePieceModel, items: readonly DecodeItem[]): string {
  const dropOpeningSpace = model.normalizer.addDummyPrefix || model.normalizer.removeExtraWhitespaces;
  let text = '';
  let run: string[] = [];
  const flush = () => {
    text += piecesToText(dropOpeningSpace && text === '' ? withoutOpeningSpace(run) : run).join('');
    run = [];
  };
  const write = (surface: string) => {
    flush();
    text += surface;
  };
  for (const item of items) {
    if (typeof item === 'string') {
      write(item);
      continue;
    }
    const piece = model.pieces[item]!;
    if (piece.type === 'unknown') write(UNKNOWN_SURFACE);
    else if (piece.type !== 'control') run.push(piece.piece);
  }
  flush();
  return text;
}

/** How sentencepiece writes the unknown piece back into text. */
const UNKNOWN_SURFACE = ' \u2047 ';

/** The run with one "▁" taken off the front of each piece until a piece leaves text behind. */
function withoutOpeningSpace(run: readonly string[]): string[] {
  let opening = true;
  return run.map((piece) => {
    if (!opening) return piece;
    const rest = piece.startsWith('▁') ? piece.slice(1) : piece;
    if (rest !== '') opening = false;
    return rest;
  });
}

function fail(file: string, message: string): never {
  throw new CheckpointError(`${file}: ${message}`);
}

// What each chat format costs in tokens, on the real vocabularies the site ships
// (site/tokenizer-files.ts, as shipped.test.ts loads them), checked rather than assumed: in LLaMA's
// vocabulary "[INST]" and "<<SYS>>" are ordinary text cut into several pieces while <s> and </s> are
// special; in Qwen3's, <|im_start|> and <|im_end|> are one added token each. The article's paragraph
// by the widget claims only what is checked here. Also token spans (token-spans.ts) on their own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chatTokenCounts } from '../../../kernels/tokenizers/chat-counts.ts';
import { CHAT_FORMATS } from '../../../kernels/tokenizers/chat-formats.ts';
import type { ChatMessage } from '../../../kernels/tokenizers/chat-template.ts';
import { tokenizeChat } from '../../../kernels/tokenizers/chat-tokens.ts';
import { shippedTokenizer } from '../../../kernels/tokenizers/shipped.ts';
import { tokenSpans } from '../../../kernels/tokenizers/token-spans.ts';
import { llamaTokenizerJson, qwen3TokenizerJson } from '../../../site/tokenizer-files.ts';

const llama = shippedTokenizer('llama', llamaTokenizerJson());
const qwen3 = shippedTokenizer('qwen3', qwen3TokenizerJson());

const CHAT: ChatMessage[] = [
  { role: 'system', content: '你是诗人。' },
  { role: 'user', content: '写一句诗' },
  { role: 'assistant', content: '床前明月光' },
  { role: 'user', content: 'Next line?' },
];

const tokensOf = (tokenizer: typeof llama, text: string) => tokenizer.encode(text).tokens;
const markerOf = (counts: ReturnType<typeof tokenizeChat>['counts'], marker: string) => counts!.markers.find((m) => m.marker === marker);

test('LLaMA: <s> and </s> are its special ids 1 and 2; [INST], [/INST], <<SYS>>, <</SYS>> are several ordinary pieces each', () => {
  const result = tokenizeChat(CHAT_FORMATS.llama2, llama, CHAT);
  const counts = result.counts!;
  assert.deepEqual(markerOf(counts, '<s>'), { marker: '<s>', places: [[1], [1]], special: true });
  assert.deepEqual(markerOf(counts, '</s>'), { marker: '</s>', places: [[2]], special: true });
  for (const marker of ['[INST]', '[/INST]', '<<SYS>>', '<</SYS>>']) {
    const found = markerOf(counts, marker)!;
    assert.equal(found.special, false, marker);
    for (const place of found.places) {
      assert.ok(place.length > 1, `${marker}: ${place.length} pieces`);
      assert.ok(place.every((id) => !llama.specialIds.has(id)), `${marker}: ordinary pieces only`);
    }
  }
  // In context, as the article says: "[INST]" after <s> is ▁[ INST ]; "[/INST]" after a space ▁[ / INST ].
  assert.deepEqual(tokensOf(llama, '<s>[INST]'), ['<s>', '▁[', 'INST', ']']);
  assert.deepEqual(markerOf(counts, '[/INST]')!.places[0]!.map((id) => llama.encode(' [/INST]').ids.includes(id)), [true, true, true, true]);
  // Typed as text, "<s>" is still matched as the added token (the "double BOS" trap of the article).
  assert.deepEqual(llama.encode('<s>').ids, [1]);
});

test('Qwen3: <|im_start|> and <|im_end|> are one special token each, 151644 and 151645, every time', () => {
  const counts = tokenizeChat(CHAT_FORMATS.chatml, qwen3, CHAT, { addGenerationPrompt: true }).counts!;
  assert.deepEqual(markerOf(counts, '<|im_start|>'), { marker: '<|im_start|>', places: Array(5).fill([151644]), special: true });
  assert.deepEqual(markerOf(counts, '<|im_end|>'), { marker: '<|im_end|>', places: Array(4).fill([151645]), special: true });
  assert.ok(qwen3.specialIds.has(151644) && qwen3.specialIds.has(151645));
  // Without a generation prompt, one <|im_start|> fewer.
  assert.equal(markerOf(tokenizeChat(CHAT_FORMATS.chatml, qwen3, CHAT).counts, '<|im_start|>')!.places.length, 4);
});

test('the counts add up, and the messages’ tokens are the messages’ own text', () => {
  for (const [format, tokenizer] of [[CHAT_FORMATS.llama2, llama], [CHAT_FORMATS.chatml, qwen3]] as const) {
    const result = tokenizeChat(format, tokenizer, CHAT, { addGenerationPrompt: true });
    const counts = result.counts!;
    assert.equal(counts.total, result.ids.length);
    assert.equal(counts.template + counts.message + counts.both, counts.total);
    assert.equal(counts.parts.length, counts.total);
    assert.ok(counts.template > 0 && counts.message > 0);
    const messageText = new TextDecoder().decode(Buffer.concat(result.bytes.filter((_, i) => counts.parts[i] === 'message')));
    for (const ch of messageText.replaceAll(' ', '')) assert.ok(CHAT.some((m) => m.content.includes(ch)), `${ch} is a message's`);
  }
  // Llama 2's "[INST] Next": the ▁Next token holds the template's space and the message's word.
  const llamaCounts = tokenizeChat(CHAT_FORMATS.llama2, llama, CHAT).counts!;
  const result = tokenizeChat(CHAT_FORMATS.llama2, llama, CHAT);
  assert.deepEqual(result.tokens.filter((_, i) => llamaCounts.parts[i] === 'both'), ['▁Next']);
});

test('a marker typed inside a message counts as the message’s, whatever the vocabulary makes of it', () => {
  const injected: ChatMessage[] = [{ role: 'user', content: 'hi<|im_end|>' }];
  const result = tokenizeChat(CHAT_FORMATS.chatml, qwen3, injected);
  const counts = result.counts!;
  assert.equal(markerOf(counts, '<|im_end|>')!.places.length, 1, 'only the template’s own <|im_end|>');
  // Encoded with the template's text as one string, the typed marker becomes the special token itself.
  assert.deepEqual(result.ids.filter((id) => id === 151645).length, 2);
  assert.equal(counts.parts[result.ids.indexOf(151645)], 'message');
});

test('token spans: byte pieces of one character share it; SentencePiece’s added space covers nothing; a changed text gives none', () => {
  const bytes = (...parts: (string | number[])[]) => parts.map((p) => (typeof p === 'string' ? new TextEncoder().encode(p) : Uint8Array.from(p)));
  assert.deepEqual(tokenSpans('猫a', bytes([0xe7], [0x8c], [0xab], 'a')), [
    { start: 0, end: 1 },
    { start: 0, end: 1 },
    { start: 0, end: 1 },
    { start: 1, end: 2 },
  ]);
  assert.deepEqual(tokenSpans('👍x', bytes([0xf0, 0x9f], [0x91, 0x8d], 'x')), [{ start: 0, end: 2 }, { start: 0, end: 2 }, { start: 2, end: 3 }]);
  assert.deepEqual(tokenSpans('<s>[INST]', bytes('<s>', ' [', 'INST', ']')), [
    { start: 0, end: 3 },
    { start: 3, end: 4 },
    { start: 4, end: 8 },
    { start: 8, end: 9 },
  ]);
  assert.deepEqual(tokenSpans('ab', bytes(' ', 'ab')), [{ start: 0, end: 0 }, { start: 0, end: 2 }]);
  assert.equal(tokenSpans('e\u0301', bytes('\u00e9')), undefined, 'NFC composed the decomposed é');
  assert.equal(tokenSpans('ab', bytes('a')), undefined, 'not every byte covered');
});

test('chatTokenCounts on its own: parts by overlap, an empty span takes the segment it starts', () => {
  const counts = chatTokenCounts({
    text: '<m>hi</m>',
    segments: [
      { start: 0, end: 3, kind: 'template' },
      { start: 3, end: 5, kind: 'message', message: 0 },
      { start: 5, end: 9, kind: 'template' },
    ],
    ids: [9, 5, 6, 7, 8],
    spans: [{ start: 0, end: 3 }, { start: 3, end: 3 }, { start: 3, end: 4 }, { start: 4, end: 6 }, { start: 6, end: 9 }],
    specialIds: new Set([9]),
    markers: ['<m>', '</m>', '<absent>'],
  });
  assert.deepEqual(counts.parts, ['template', 'message', 'message', 'both', 'template']);
  assert.deepEqual([counts.template, counts.message, counts.both], [2, 2, 1]);
  assert.deepEqual(counts.markers, [
    { marker: '<m>', places: [[9]], special: true },
    { marker: '</m>', places: [[7, 8]], special: false },
  ]);
});

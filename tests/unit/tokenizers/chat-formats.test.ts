// The chat-template widget's formats (kernels/tokenizers/chat-formats.ts) rendered through
// @huggingface/jinja: the expected strings are worked out by hand from the article's rules, for a
// two-turn chat with a system message; which characters are the template's and which a message's
// (chat-segments.ts); and the conversations a format refuses, refused with ChatTemplateError.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CHAT_FORMATS } from '../../../kernels/tokenizers/chat-formats.ts';
import { renderChatSegments } from '../../../kernels/tokenizers/chat-segments.ts';
import { ChatTemplateError, renderChat, type ChatMessage } from '../../../kernels/tokenizers/chat-template.ts';

const CHAT: ChatMessage[] = [
  { role: 'system', content: '你是诗人。' },
  { role: 'user', content: '写一句诗' },
  { role: 'assistant', content: '床前明月光' },
  { role: 'user', content: 'Next line?' },
];

const LLAMA2 = CHAT_FORMATS.llama2.config;
const CHATML = CHAT_FORMATS.chatml.config;

test('Llama 2: system inside the first [INST] between <<SYS>> lines; each answer closed by </s>, each user turn opened by <s>', () => {
  const expected = '<s>[INST] <<SYS>>\n你是诗人。\n<</SYS>>\n\n写一句诗 [/INST] 床前明月光 </s><s>[INST] Next line? [/INST]';
  assert.equal(renderChat(LLAMA2, CHAT), expected);
  // No separate generation prompt: the prompt already ends where the answer starts.
  assert.equal(renderChat(LLAMA2, CHAT, { addGenerationPrompt: true }), expected);
  assert.equal(renderChat(LLAMA2, CHAT.slice(1, 3)), '<s>[INST] 写一句诗 [/INST] 床前明月光 </s>');
  assert.equal(renderChat(LLAMA2, [{ role: 'user', content: '  padded \n' }]), '<s>[INST] padded [/INST]', 'messages are stripped');
});

test('ChatML: every message between <|im_start|>role and <|im_end|>, text as written; the generation prompt opens the assistant turn', () => {
  const turns = '<|im_start|>system\n你是诗人。<|im_end|>\n<|im_start|>user\n写一句诗<|im_end|>\n<|im_start|>assistant\n床前明月光<|im_end|>\n<|im_start|>user\nNext line?<|im_end|>\n';
  assert.equal(renderChat(CHATML, CHAT), turns);
  assert.equal(renderChat(CHATML, CHAT, { addGenerationPrompt: true }), `${turns}<|im_start|>assistant\n`);
  assert.equal(renderChat(CHATML, [{ role: 'user', content: ' kept ' }]), '<|im_start|>user\n kept <|im_end|>\n');
});

test('segments: the messages’ text as placed (trimmed by Llama 2, kept by ChatML), the rest the template’s, covering the string', () => {
  const messages: ChatMessage[] = [CHAT[0]!, { role: 'user', content: ' 写一句诗 ' }, CHAT[2]!, CHAT[3]!];
  for (const [config, trimmed] of [[LLAMA2, true], [CHATML, false]] as const) {
    const { text, segments } = renderChatSegments(config, messages, { addGenerationPrompt: true });
    assert.equal(text, renderChat(config, messages, { addGenerationPrompt: true }));
    assert.deepEqual(
      segments.filter((s) => s.kind === 'message').map((s) => [s.message, text.slice(s.start, s.end)]),
      messages.map((m, i) => [i, trimmed ? m.content.trim() : m.content]),
    );
    assert.equal(segments[0]!.start, 0);
    assert.equal(segments.at(-1)!.end, text.length);
    segments.slice(1).forEach((s, i) => assert.equal(s.start, segments[i]!.end, 'no gap, no overlap'));
  }
  const llama = renderChatSegments(LLAMA2, CHAT);
  assert.deepEqual(
    llama.segments.filter((s) => s.kind === 'template').map((s) => llama.text.slice(s.start, s.end)),
    ['<s>[INST] <<SYS>>\n', '\n<</SYS>>\n\n', ' [/INST] ', ' </s><s>[INST] ', ' [/INST]'],
  );
});

test('an empty message keeps its place; a message that looks like a marker is still the message’s', () => {
  const { text, segments } = renderChatSegments(CHATML, [{ role: 'user', content: '' }, { role: 'assistant', content: '<|im_end|>' }]);
  assert.equal(text, '<|im_start|>user\n<|im_end|>\n<|im_start|>assistant\n<|im_end|><|im_end|>\n');
  assert.deepEqual(segments.filter((s) => s.kind === 'message').map((s) => [s.message, s.start, s.end]), [[1, 50, 60]]);
});

test('Llama 2 refuses what generation.py refuses: roles out of turn, and a system prompt with no user message', () => {
  const refused = (messages: ChatMessage[], pattern: RegExp) =>
    assert.throws(() => renderChat(LLAMA2, messages), (e: unknown) => e instanceof ChatTemplateError && pattern.test(e.message));
  refused([CHAT[1]!, CHAT[3]!], /alternate user, assistant.*user comes where assistant should/);
  refused([CHAT[0]!, CHAT[2]!], /alternate.*assistant comes where user should/);
  refused([CHAT[0]!], /at least one user message/);
  refused([], /at least one user message/);
  // ChatML sets no order: the same conversations render.
  assert.equal(renderChat(CHATML, [CHAT[1]!, CHAT[3]!]), '<|im_start|>user\n写一句诗<|im_end|>\n<|im_start|>user\nNext line?<|im_end|>\n');
  assert.equal(renderChat(CHATML, []), '');
});

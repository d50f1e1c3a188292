// Chat templates rendered through @huggingface/jinja, with templates written here in the two styles
// the families use (ChatML as Qwen does, [INST] as Llama 2 does); expected strings worked out by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChatTemplateError, chatTemplateOf, renderChat, type ChatMessage } from '../../../kernels/tokenizers/chat-template.ts';

// ChatML: every turn is <|im_start|>role\ncontent<|im_end|>\n; the generation prompt opens the assistant's turn.
const CHATML = [
  '{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}',
  '{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}',
].join('');

// [INST] style: a system message folds into the first user turn inside <<SYS>> markers; each answer
// is closed with the EOS token and the next user turn reopens with BOS.
const INST = [
  "{% if messages[0].role == 'system' %}{% set sys = '<<SYS>>\\n' + messages[0].content + '\\n<</SYS>>\\n\\n' %}{% set turns = messages[1:] %}",
  '{% else %}{% set sys = "" %}{% set turns = messages %}{% endif %}',
  '{% for m in turns %}',
  "{% if m.role == 'user' %}{{ bos_token }}[INST] {% if loop.first %}{{ sys }}{% endif %}{{ m.content }} [/INST]",
  "{% elif m.role == 'assistant' %} {{ m.content }} {{ eos_token }}",
  "{% else %}{{ raise_exception('roles must alternate user/assistant') }}{% endif %}",
  '{% endfor %}',
].join('');

const CHAT: ChatMessage[] = [
  { role: 'system', content: '你是诗人。' },
  { role: 'user', content: '写一句诗' },
  { role: 'assistant', content: '床前明月光' },
  { role: 'user', content: 'Next line?' },
];

test('ChatML: each turn between <|im_start|> and <|im_end|>, and the opened assistant turn', () => {
  const config = { chat_template: CHATML, eos_token: '<|im_end|>' };
  assert.equal(
    renderChat(config, CHAT.slice(0, 2), { addGenerationPrompt: true }),
    '<|im_start|>system\n你是诗人。<|im_end|>\n<|im_start|>user\n写一句诗<|im_end|>\n<|im_start|>assistant\n',
  );
  assert.equal(renderChat(config, CHAT.slice(1, 2)), '<|im_start|>user\n写一句诗<|im_end|>\n', 'no generation prompt unless asked');
});

test('[INST]: system folded into the first turn, BOS/EOS from the config (strings or AddedToken objects)', () => {
  const config = { chat_template: INST, bos_token: { content: '<s>', lstrip: false }, eos_token: '</s>' };
  assert.equal(
    renderChat(config, CHAT),
    '<s>[INST] <<SYS>>\n你是诗人。\n<</SYS>>\n\n写一句诗 [/INST] 床前明月光 </s><s>[INST] Next line? [/INST]',
  );
  assert.equal(renderChat(config, CHAT.slice(1, 2)), '<s>[INST] 写一句诗 [/INST]');
});

test("a template's own refusal, and a missing or unknown template, are errors that say so", () => {
  const config = { chat_template: INST, bos_token: '<s>', eos_token: '</s>' };
  assert.throws(() => renderChat(config, [CHAT[1]!, { role: 'system', content: 'late' }]), (e: unknown) => e instanceof ChatTemplateError && /alternate/.test(e.message));
  assert.throws(() => chatTemplateOf({}), /no chat_template/);
  const named = { chat_template: [{ name: 'default', template: CHATML }, { name: 'tool_use', template: 'x' }] };
  assert.equal(chatTemplateOf(named), CHATML);
  assert.equal(chatTemplateOf(named, 'tool_use'), 'x');
  assert.throws(() => chatTemplateOf(named, 'rag'), /no chat template named 'rag' \(it has: default, tool_use\)/);
});

// The chat formats the chat-template widget lays a conversation out in, each written here as a
// Jinja template from the rules the chat-templates article describes and cites (its Sources
// section): Llama 2 Chat from `chat_completion` in Meta's llama/generation.py, ChatML from Qwen's
// finetune.py and make_context. They are our own wording of those rules, rendered by
// ./chat-template.ts exactly as a release's bundled template would be. Each names the shipped
// vocabulary that tokenizes its string and the markers the widget counts. Data only, so page
// scripts may import it.
import type { ShippedVocabId } from './vocabularies.ts';

export type ChatFormatId = 'llama2' | 'chatml';

export type ChatFormat = {
  /** What renderChat reads: the template and the BOS/EOS texts it puts in scope. */
  readonly config: { readonly chat_template: string; readonly bos_token?: string; readonly eos_token?: string };
  /** The real vocabulary of the family that uses this format. */
  readonly vocab: ShippedVocabId;
  /** The format's marker strings, counted one by one in the rendered string; none contains another. */
  readonly markers: readonly string[];
};

// Llama 2 Chat. The system prompt is no turn of its own: it is wrapped in <<SYS>>\n … \n<</SYS>>\n\n
// and put in front of the first user message. Each user message and the answer after it make one
// "<s>[INST] {user} [/INST] {answer} </s>", the last user message "<s>[INST] {user} [/INST]", where
// the model starts writing, so there is no separate generation prompt. Every message is stripped
// of surrounding whitespace. Roles must go user, assistant, user, … (generation.py asserts it).
const LLAMA2_TEMPLATE = [
  "{% if messages | length > 0 and messages[0].role == 'system' %}",
  "{% set system = '<<SYS>>\\n' + (messages[0].content | trim) + '\\n<</SYS>>\\n\\n' %}",
  '{% set turns = messages[1:] %}',
  '{% else %}',
  "{% set system = '' %}",
  '{% set turns = messages %}',
  '{% endif %}',
  "{% if turns | length == 0 %}{{ raise_exception('Llama 2 needs at least one user message: the system prompt goes inside the first one') }}{% endif %}",
  '{% for message in turns %}',
  "{% if (message.role == 'user') != (loop.index0 % 2 == 0) %}",
  "{{ raise_exception('Llama 2 needs the roles to alternate user, assistant, user, … after the system prompt, and here ' + message.role + ' comes where ' + ('assistant' if message.role == 'user' else 'user') + ' should') }}",
  '{% endif %}',
  "{% if message.role == 'user' %}",
  '{{ bos_token }}[INST] {% if loop.first %}{{ system }}{% endif %}{{ message.content | trim }} [/INST]',
  '{% else %}',
  ' {{ message.content | trim }} {{ eos_token }}',
  '{% endif %}',
  '{% endfor %}',
].join('');

// ChatML as Qwen's chat models use it: every message, the system prompt included, is
// "<|im_start|>{role}\n{content}<|im_end|>\n", the content as written; there is no BOS. The
// generation prompt opens the assistant's turn: "<|im_start|>assistant\n". The format sets no rule on
// the order of roles.
const CHATML_TEMPLATE = [
  '{% for message in messages %}',
  '<|im_start|>{{ message.role }}\n{{ message.content }}<|im_end|>\n',
  '{% endfor %}',
  '{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}',
].join('');

export const CHAT_FORMATS: Readonly<Record<ChatFormatId, ChatFormat>> = {
  llama2: {
    config: { chat_template: LLAMA2_TEMPLATE, bos_token: '<s>', eos_token: '</s>' },
    vocab: 'llama',
    markers: ['<s>', '</s>', '[INST]', '[/INST]', '<<SYS>>', '<</SYS>>'],
  },
  chatml: {
    config: { chat_template: CHATML_TEMPLATE, eos_token: '<|im_end|>' },
    vocab: 'qwen3',
    markers: ['<|im_start|>', '<|im_end|>'],
  },
};

export const CHAT_FORMAT_IDS = Object.keys(CHAT_FORMATS) as ChatFormatId[];

// A chat model's prompt, written the way its release writes it: tokenizer_config.json carries a
// Jinja `chat_template` that turns a list of messages into the one string the model was tuned on
// (Llama 2's [INST] … [/INST], Qwen's ChatML <|im_start|> … <|im_end|>). We render the release's own
// template with @huggingface/jinja, a Jinja subset made for exactly these templates, instead of
// re-typing each family's rules.
//
//   renderChat(tokenizerConfig, [{ role: 'user', content: '你好' }], { addGenerationPrompt: true })
import { Template } from '@huggingface/jinja';

export type ChatMessage = { readonly role: 'system' | 'user' | 'assistant'; readonly content: string };

export class ChatTemplateError extends Error {}

/** A special token as tokenizer_config.json writes it: a string, or an AddedToken object with `content`. */
function tokenText(value: unknown): string {
  if (typeof value === 'string') return value;
  const content = (value as { content?: unknown } | null)?.content;
  return typeof content === 'string' ? content : '';
}

/** The template named `name` ('default' unless asked): `chat_template` is one string or a list of named ones. */
export function chatTemplateOf(config: unknown, name = 'default'): string {
  const template = (config as { chat_template?: unknown } | null)?.chat_template;
  if (typeof template === 'string') return template;
  if (Array.isArray(template)) {
    const found = (template as { name?: unknown; template?: unknown }[]).find((t) => t.name === name);
    if (typeof found?.template === 'string') return found.template;
    const names = template.map((t: { name?: unknown }) => String(t.name)).join(', ');
    throw new ChatTemplateError(`tokenizer_config.json has no chat template named '${name}' (it has: ${names})`);
  }
  throw new ChatTemplateError('tokenizer_config.json has no chat_template: this release is not a chat model, or predates templates');
}

/**
 * The prompt string for `messages`, with the release's BOS/EOS token texts in scope as its template
 * expects; `addGenerationPrompt` ends it where the assistant's answer starts.
 */
export function renderChat(
  config: unknown,
  messages: readonly ChatMessage[],
  options: { readonly addGenerationPrompt?: boolean; readonly templateName?: string } = {},
): string {
  const source = chatTemplateOf(config, options.templateName);
  const fields = (config ?? {}) as { bos_token?: unknown; eos_token?: unknown };
  try {
    return new Template(source).render({
      messages: messages.map((m) => ({ ...m })),
      bos_token: tokenText(fields.bos_token),
      eos_token: tokenText(fields.eos_token),
      add_generation_prompt: options.addGenerationPrompt ?? false,
    });
  } catch (error) {
    throw new ChatTemplateError(`chat template: ${error instanceof Error ? error.message : String(error)}`);
  }
}

// The chat-template widget's state: the chat format, an optional system message, the turns (each a
// role and its text), and whether the prompt ends with the generation prompt; how it travels in the
// URL. Pure functions, unit-tested without a browser.
//
// As in the tokenizer widget, the reader's text is never changed: it stays in the fields across
// format switches, and a conversation too long for a link is left out of the URL (and said) rather
// than shortened there. The roles are the reader's to set: adding a turn gives it the role that
// alternates with the last one, but a reader may break the order on purpose and see a format refuse it.
import { CHAT_FORMAT_IDS, type ChatFormatId } from '../../../kernels/tokenizers/chat-formats.ts';
import type { ChatMessage } from '../../../kernels/tokenizers/chat-template.ts';

export type ChatRole = 'user' | 'assistant';
export type ChatTurn = { readonly role: ChatRole; readonly text: string };

export type ChatWidgetState = {
  readonly format: ChatFormatId;
  /** The system message; empty (or only spaces) means the conversation has none. */
  readonly system: string;
  readonly turns: readonly ChatTurn[];
  readonly generationPrompt: boolean;
};

export const CHAT_NAMESPACE = 'chat';
export const CHAT_PARAMS = {
  format: 'chat-fmt',
  system: 'chat-sys',
  /** One letter per turn: u (user) or a (assistant). */
  roles: 'chat-roles',
  generationPrompt: 'chat-gen',
} as const;
/** The parameter holding turn `index`'s text (chat-t1, chat-t2, …). */
export const turnParam = (index: number): string => `${CHAT_NAMESPACE}-t${index + 1}`;

/** Turns the editor holds: enough for a few rounds, few enough that the prompt and its chips stay readable. */
export const MAX_TURNS = 8;
/** Longer conversations are not written into the link (browsers and servers cap URL length). */
export const MAX_URL_TEXT = 2_000;

const ROLE_LETTER: Record<ChatRole, string> = { user: 'u', assistant: 'a' };

export type ChatNote =
  | { readonly kind: 'unknown-format'; readonly value: string }
  | { readonly kind: 'bad-roles'; readonly value: string }
  /** A link asked for more turns than the editor holds: the first MAX_TURNS are kept. */
  | { readonly kind: 'too-many-turns'; readonly asked: number }
  /** The reader asked for one more turn than the editor holds. */
  | { readonly kind: 'turn-limit' }
  | { readonly kind: 'bad-generation-flag'; readonly value: string }
  | { readonly kind: 'not-in-link'; readonly length: number };

export function isChatFormat(value: string): value is ChatFormatId {
  return (CHAT_FORMAT_IDS as readonly string[]).includes(value);
}

/** The role a new turn gets: the other one than the last turn's, the user's first. */
export function nextRole(turns: readonly ChatTurn[]): ChatRole {
  return turns.at(-1)?.role === 'user' ? 'assistant' : 'user';
}

/** The state with one more (empty) turn, or unchanged with a note when the editor is full. */
export function addTurn(state: ChatWidgetState): { state: ChatWidgetState; notes: ChatNote[] } {
  if (state.turns.length >= MAX_TURNS) return { state, notes: [{ kind: 'turn-limit' }] };
  return { state: { ...state, turns: [...state.turns, { role: nextRole(state.turns), text: '' }] }, notes: [] };
}

export function removeTurn(state: ChatWidgetState, index: number): ChatWidgetState {
  return { ...state, turns: state.turns.filter((_, i) => i !== index) };
}

/** The messages the template gets: the system message when it has any text, then the turns. */
export function chatMessages(state: ChatWidgetState): ChatMessage[] {
  const turns = state.turns.map(({ role, text }) => ({ role, content: text }));
  return state.system.trim() === '' ? turns : [{ role: 'system', content: state.system }, ...turns];
}

const textLength = (state: ChatWidgetState): number => state.turns.reduce((sum, turn) => sum + turn.text.length, state.system.length);

/** The roles a link asks for, clamped to MAX_TURNS; undefined (with a note) when it is not a string of u and a. */
function parseRoles(value: string, notes: ChatNote[]): ChatRole[] | undefined {
  if (!/^[ua]*$/.test(value)) {
    notes.push({ kind: 'bad-roles', value });
    return undefined;
  }
  if (value.length > MAX_TURNS) notes.push({ kind: 'too-many-turns', asked: value.length });
  return [...value.slice(0, MAX_TURNS)].map((letter) => (letter === 'u' ? 'user' : 'assistant'));
}

/** The state a URL asks for on top of `defaults`; malformed values keep the default and add a note. */
export function parseChatState(search: string, defaults: ChatWidgetState): { state: ChatWidgetState; notes: ChatNote[] } {
  const params = new URLSearchParams(search);
  const notes: ChatNote[] = [];
  let format = defaults.format;
  const askedFormat = params.get(CHAT_PARAMS.format);
  if (askedFormat !== null) {
    if (isChatFormat(askedFormat)) format = askedFormat;
    else notes.push({ kind: 'unknown-format', value: askedFormat });
  }
  const askedRoles = params.get(CHAT_PARAMS.roles);
  const roles = (askedRoles === null ? undefined : parseRoles(askedRoles, notes)) ?? defaults.turns.map((turn) => turn.role);
  const turns = roles.map((role, i) => ({ role, text: params.get(turnParam(i)) ?? defaults.turns[i]?.text ?? '' }));
  let generationPrompt = defaults.generationPrompt;
  const askedGeneration = params.get(CHAT_PARAMS.generationPrompt);
  if (askedGeneration !== null) {
    if (askedGeneration === '1' || askedGeneration === '0') generationPrompt = askedGeneration === '1';
    else notes.push({ kind: 'bad-generation-flag', value: askedGeneration });
  }
  return { state: { format, system: params.get(CHAT_PARAMS.system) ?? defaults.system, turns, generationPrompt }, notes };
}

/**
 * The URL parameters for `state`; null removes one (the texts of turns it does not have). The
 * texts are left out together when the conversation is too long for a link.
 */
export function serializeChatState(state: ChatWidgetState): Record<string, string | null> {
  const withText = textLength(state) <= MAX_URL_TEXT;
  const values: Record<string, string | null> = {
    [CHAT_PARAMS.format]: state.format,
    [CHAT_PARAMS.system]: withText ? state.system : null,
    [CHAT_PARAMS.roles]: state.turns.map((turn) => ROLE_LETTER[turn.role]).join(''),
    [CHAT_PARAMS.generationPrompt]: state.generationPrompt ? '1' : '0',
  };
  for (let i = 0; i < MAX_TURNS; i++) values[turnParam(i)] = withText ? (state.turns[i]?.text ?? null) : null;
  return values;
}

/** The notes an update adds about the state itself (a conversation too long for a link). */
export function stateNotes(state: ChatWidgetState): ChatNote[] {
  const length = textLength(state);
  return length > MAX_URL_TEXT ? [{ kind: 'not-in-link', length }] : [];
}

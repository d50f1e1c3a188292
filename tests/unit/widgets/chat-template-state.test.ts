// The chat-template widget's state: adding a turn alternates the roles and stops at the editor's
// limit with a note; a link's turns are clamped to that limit (said); URL round trips; the reader's
// text never changed, only left out of a too-long link; the messages the template gets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addTurn,
  chatMessages,
  MAX_TURNS,
  MAX_URL_TEXT,
  nextRole,
  parseChatState,
  removeTurn,
  serializeChatState,
  stateNotes,
  turnParam,
  type ChatWidgetState,
} from '../../../components/widgets/chat-template/state.ts';
import { CHAT_TEMPLATE_STRINGS } from '../../../components/widgets/chat-template/strings.ts';
import { withParams } from '../../../components/widgets/shared/url-state.ts';

const DEFAULTS: ChatWidgetState = {
  format: 'llama2',
  system: 'Be brief.',
  turns: [
    { role: 'user', text: 'hi' },
    { role: 'assistant', text: 'hello' },
  ],
  generationPrompt: true,
};
const search = (params: Record<string, string | null>) => withParams('?other=1', params);

test('adding turns alternates user and assistant, then stops at the limit with a note', () => {
  assert.equal(nextRole([]), 'user');
  let state: ChatWidgetState = { ...DEFAULTS, turns: [] };
  const roles: string[] = [];
  for (let i = 0; i < MAX_TURNS; i++) {
    const added = addTurn(state);
    assert.deepEqual(added.notes, []);
    state = added.state;
    roles.push(state.turns.at(-1)!.role);
  }
  assert.deepEqual(roles, Array.from({ length: MAX_TURNS }, (_, i) => (i % 2 === 0 ? 'user' : 'assistant')));
  const full = addTurn(state);
  assert.equal(full.state, state, 'nothing added past the limit');
  assert.deepEqual(full.notes, [{ kind: 'turn-limit' }]);
  for (const lang of ['zh', 'en'] as const) assert.match(CHAT_TEMPLATE_STRINGS[lang].note(full.notes[0]!), new RegExp(String(MAX_TURNS)));
  // After a reader's own role choice, the next turn alternates with it.
  assert.equal(nextRole([{ role: 'user', text: '' }, { role: 'user', text: '' }]), 'assistant');
});

test('removing a turn keeps the others, roles and texts as they were', () => {
  const three: ChatWidgetState = { ...DEFAULTS, turns: [...DEFAULTS.turns, { role: 'user', text: 'again' }] };
  assert.deepEqual(removeTurn(three, 1).turns, [{ role: 'user', text: 'hi' }, { role: 'user', text: 'again' }]);
});

test('a link round trips; turns it no longer has are removed from the URL', () => {
  const state: ChatWidgetState = {
    format: 'chatml',
    system: '',
    turns: [
      { role: 'user', text: '你好 & <|im_end|>' },
      { role: 'user', text: '' },
      { role: 'assistant', text: 'ok\nline two' },
    ],
    generationPrompt: false,
  };
  const values = serializeChatState(state);
  assert.equal(values['chat-roles'], 'uua');
  assert.equal(values[turnParam(3)], null);
  assert.deepEqual(parseChatState(search(values), DEFAULTS), { state, notes: [] });
  const shorter = serializeChatState(removeTurn(state, 2));
  assert.equal(new URLSearchParams(withParams(search(values), shorter)).get(turnParam(2)), null);
});

test('a link with more turns than the editor holds keeps the first ones, and says so', () => {
  const roles = 'ua'.repeat(MAX_TURNS);
  const params: Record<string, string> = { 'chat-roles': roles };
  for (let i = 0; i < roles.length; i++) params[turnParam(i)] = `t${i}`;
  const { state, notes } = parseChatState(search(params), DEFAULTS);
  assert.equal(state.turns.length, MAX_TURNS);
  assert.deepEqual(state.turns.map((t) => t.text), Array.from({ length: MAX_TURNS }, (_, i) => `t${i}`));
  assert.deepEqual(notes, [{ kind: 'too-many-turns', asked: 2 * MAX_TURNS }]);
  for (const lang of ['zh', 'en'] as const) assert.match(CHAT_TEMPLATE_STRINGS[lang].note(notes[0]!), new RegExp(String(2 * MAX_TURNS)));
});

test('bad values keep the default and are said; missing texts come from the defaults', () => {
  const { state, notes } = parseChatState(search({ 'chat-fmt': 'chatglm', 'chat-roles': 'uxa', 'chat-gen': 'yes', [turnParam(0)]: 'typed' }), DEFAULTS);
  assert.deepEqual(state, { ...DEFAULTS, turns: [{ role: 'user', text: 'typed' }, DEFAULTS.turns[1]!] });
  assert.deepEqual(notes.map((n) => n.kind), ['unknown-format', 'bad-roles', 'bad-generation-flag']);
  assert.deepEqual(parseChatState(search({ 'chat-roles': 'uau' }), DEFAULTS).state.turns.at(-1), { role: 'user', text: '' });
  assert.deepEqual(parseChatState(search({ 'chat-roles': '' }), DEFAULTS).state.turns, []);
});

test('a conversation too long for a link: texts left out of the URL (roles and options kept), said, never cut', () => {
  const long: ChatWidgetState = { ...DEFAULTS, turns: [{ role: 'user', text: 'x'.repeat(MAX_URL_TEXT) }] };
  const values = serializeChatState(long);
  assert.equal(values['chat-sys'], null);
  assert.equal(values[turnParam(0)], null);
  assert.equal(values['chat-roles'], 'u');
  assert.deepEqual(stateNotes(long), [{ kind: 'not-in-link', length: MAX_URL_TEXT + DEFAULTS.system.length }]);
  assert.deepEqual(stateNotes(DEFAULTS), []);
  assert.equal(long.turns[0]!.text.length, MAX_URL_TEXT);
});

test('the template gets the system message only when it has text, then every turn as written', () => {
  assert.deepEqual(chatMessages(DEFAULTS), [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'hi' },
    { role: 'assistant', content: 'hello' },
  ]);
  assert.deepEqual(chatMessages({ ...DEFAULTS, system: '  \n' }).map((m) => m.role), ['user', 'assistant']);
});

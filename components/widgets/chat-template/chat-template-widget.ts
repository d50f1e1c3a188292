// The chat-template widget's client controller: reads the conversation editor, keeps it and the URL
// in step, and hands each update to live.ts (loaded on the first build). A link restores the
// controls but loads nothing until the reader acts. The turns' rows are drawn here from the
// markup's <template>; typing never redraws them, so the caret stays where it is. A conversation
// the format refuses is said in the message area, with the template's own reason.
import { messageOf, onFirstUse, widgetElements } from '../shared/controller.ts';
import { langOf } from '../shared/lang.ts';
import { latestWins } from '../shared/latest-wins.ts';
import { showMessages } from '../shared/message-area.ts';
import { attachPresenter, type StepParams } from '../shared/presenter.ts';
import { showRunReport } from '../shared/run-status.ts';
import { chipsOnScroll } from '../shared/chips-on-scroll.ts';
import { hasNamespace, replaceUrlParams } from '../shared/url-state.ts';
import { CHAT_FORMATS } from '../../../kernels/tokenizers/chat-formats.ts';
import {
  addTurn,
  CHAT_NAMESPACE,
  CHAT_PARAMS,
  chatMessages,
  isChatFormat,
  parseChatState,
  removeTurn,
  serializeChatState,
  stateNotes,
  type ChatNote,
  type ChatRole,
  type ChatWidgetState,
} from './state.ts';
import { CHAT_TEMPLATE_STRINGS } from './strings.ts';
import type { BuiltChat } from './live.ts';
import { clearChat, drawChat, type ChatView } from './view.ts';

type Live = typeof import('./live.ts');
const loadLive = onFirstUse((): Promise<Live> => import('./live.ts'));

type Update = { readonly state: ChatWidgetState; readonly notes: readonly ChatNote[]; readonly changedAt: number };

const VOCAB_NAMES = { llama: 'LLaMA', qwen3: 'Qwen3' } as const;

function mountChatTemplateWidget(root: HTMLElement): void {
  const lang = langOf(root.dataset['lang']);
  const strings = CHAT_TEMPLATE_STRINGS[lang];
  const { find, role } = widgetElements(root, 'chat-template widget');
  const formats = [...root.querySelectorAll<HTMLInputElement>(`input[name="${CHAT_PARAMS.format}"]`)];
  const system = find<HTMLTextAreaElement>(`textarea[name="${CHAT_PARAMS.system}"]`);
  const generation = find<HTMLInputElement>(`input[name="${CHAT_PARAMS.generationPrompt}"]`);
  const rowTemplate = find<HTMLTemplateElement>('template[data-role="turn-template"]');
  const [turns, status, message, formatNote, formatHint] = ['turns', 'status', 'message', 'format-note', 'format-hint'].map(role) as [
    HTMLElement,
    HTMLElement,
    HTMLElement,
    HTMLElement,
    HTMLElement,
  ];
  const [tokens, shownNote] = [role('tokens'), role('shown')];
  // A long conversation's chips are drawn as the reader scrolls; the note says how many so far.
  const chips = chipsOnScroll(tokens, (drawn, total) => {
    shownNote.hidden = drawn >= total;
    shownNote.textContent = strings.shownNote(drawn, total);
  });
  const view: ChatView = { prompt: role('prompt'), counts: role('counts'), markers: role('markers'), tokens, chips };

  const rows = (): HTMLLIElement[] => [...turns.querySelectorAll<HTMLLIElement>(':scope > li')];
  /** Each row's number, role and labels follow its place and its role select. */
  const labelRows = (): void => {
    rows().forEach((row, i) => {
      const select = row.querySelector('select')!;
      select.setAttribute('aria-label', strings.roleLabel(i + 1));
      row.querySelector('textarea')!.setAttribute('aria-label', strings.turnLabel(i + 1, strings.roles[select.value as ChatRole]));
      row.querySelector('button')!.setAttribute('aria-label', strings.removeTurn(i + 1));
      row.dataset['role'] = select.value;
    });
  };
  const drawRows = (state: ChatWidgetState): void => {
    turns.replaceChildren(
      ...state.turns.map((turn) => {
        const row = (rowTemplate.content.cloneNode(true) as DocumentFragment).firstElementChild as HTMLLIElement;
        row.querySelector('select')!.value = turn.role;
        row.querySelector('textarea')!.value = turn.text;
        return row;
      }),
    );
    labelRows();
  };

  const readControls = (): ChatWidgetState => {
    const checked = formats.find((radio) => radio.checked)?.value ?? '';
    return {
      format: isChatFormat(checked) ? checked : 'llama2',
      system: system.value,
      turns: rows().map((row) => ({ role: row.querySelector('select')!.value as ChatRole, text: row.querySelector('textarea')!.value })),
      generationPrompt: generation.checked,
    };
  };
  const writeControls = (state: ChatWidgetState): void => {
    for (const radio of formats) radio.checked = radio.value === state.format;
    if (system.value !== state.system) system.value = state.system;
    generation.checked = state.generationPrompt;
    drawRows(state);
  };
  const showFormat = (state: ChatWidgetState): void => {
    formatNote.textContent = strings.formats[state.format].note;
    formatHint.hidden = !(state.format === 'llama2' && state.generationPrompt);
  };

  const submit = latestWins<Update, BuiltChat>({
    work: async ({ state }) => (await loadLive()).buildChat(state.format, chatMessages(state), state.generationPrompt),
    deliver: (built, { notes, changedAt }) => {
      drawChat(view, built, strings);
      showMessages(message, notes.map(strings.note));
      showRunReport(root, status, { backend: 'javascript', fallbackReason: undefined, runMs: built.buildMs, updateMs: performance.now() - changedAt }, lang);
      // A first build waits for the vocabulary file: say so, or its time reads as building.
      if (built.loadMs >= 1) status.append(` · ${strings.loaded(built.loadMs)}`);
      root.dataset['state'] = 'ready';
    },
    fail: (error, { notes }) => {
      clearChat(view);
      status.textContent = '';
      // The message is said before the state turns to 'error', so whoever waits for it reads it.
      const say = (line: string): void => {
        showMessages(message, [...notes.map(strings.note), line]);
        root.dataset['state'] = 'error';
      };
      void loadLive().then(
        (live) => say(error instanceof live.ChatTemplateError ? strings.templateError(messageOf(error)) : messageOf(error)),
        () => say(messageOf(error)),
      );
    },
  });

  function update(extraNotes: readonly ChatNote[] = []): void {
    const changedAt = performance.now();
    const state = readControls();
    showFormat(state);
    replaceUrlParams(serializeChatState(state));
    if (root.dataset['state'] === 'idle' || root.dataset['format'] !== state.format)
      status.textContent = strings.loadingStatus(VOCAB_NAMES[CHAT_FORMATS[state.format].vocab]);
    root.dataset['format'] = state.format;
    root.dataset['state'] = 'loading';
    submit({ state, notes: [...extraNotes, ...stateNotes(state)], changedAt });
  }

  /** Puts a link's (or a presenter step's) state into the controls, without computing. */
  function restore(search: string): ChatNote[] {
    const { state, notes } = parseChatState(search, readControls());
    writeControls(state);
    showFormat(state);
    showMessages(message, notes.map(strings.note));
    return notes;
  }

  root.addEventListener('input', (event) => {
    if (event.target instanceof HTMLTextAreaElement) update();
  });
  root.addEventListener('change', (event) => {
    if (event.target instanceof HTMLSelectElement) labelRows();
    if (event.target instanceof HTMLSelectElement || event.target instanceof HTMLInputElement) update();
  });
  root.addEventListener('click', (event) => {
    const action = (event.target as Element | null)?.closest<HTMLButtonElement>('button[data-action]')?.dataset['action'];
    if (action === 'run') update();
    else if (action === 'add-turn') {
      const { state, notes } = addTurn(readControls());
      drawRows(state);
      if (notes.length === 0) rows().at(-1)?.querySelector('textarea')?.focus();
      update(notes);
    } else if (action === 'remove-turn') {
      const row = (event.target as Element).closest('li')!;
      drawRows(removeTurn(readControls(), rows().indexOf(row as HTMLLIElement)));
      update();
    }
  });

  // The rows first: a link may open presenter mode at once (?present=), and its first step reads them.
  const defaults: ChatWidgetState = { format: 'llama2', system: system.value, turns: strings.defaults.turns, generationPrompt: generation.checked };
  drawRows(defaults);
  if (hasNamespace(location.search, CHAT_NAMESPACE)) restore(location.search);

  attachPresenter(root, {
    lang,
    steps: strings.presenterSteps.map(({ caption, format, generationPrompt }) => ({
      caption,
      params: { [CHAT_PARAMS.format]: format, [CHAT_PARAMS.generationPrompt]: generationPrompt ? '1' : '0' },
    })),
    apply: (params: StepParams) => {
      const search = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== null));
      update(restore(`?${search.toString()}`));
    },
  });

}

export function mountChatTemplateWidgets(): void {
  for (const root of document.querySelectorAll<HTMLElement>('section[data-widget="chat-template"]')) mountChatTemplateWidget(root);
}

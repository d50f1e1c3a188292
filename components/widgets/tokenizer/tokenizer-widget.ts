// The tokenizer widget's client controller: reads the controls, keeps them and the URL in step,
// and hands each update to live.ts (loaded on the first tokenize). A link restores the controls but
// downloads nothing: the vocabulary loads when the reader types, picks one, or presses Tokenize.
import { messageOf, onFirstUse, widgetElements } from '../shared/controller.ts';
import { langOf } from '../shared/lang.ts';
import { latestWins } from '../shared/latest-wins.ts';
import { showMessages } from '../shared/message-area.ts';
import { attachPresenter, type StepParams } from '../shared/presenter.ts';
import { showRunReport } from '../shared/run-status.ts';
import { hasNamespace, replaceUrlParams } from '../shared/url-state.ts';
import { appendChips, renderChips } from './chips.ts';
import {
  isVocabId,
  parseTokenizerState,
  serializeTokenizerState,
  textToTokenize,
  TOKENIZER_NAMESPACE,
  TOKENIZER_PARAMS,
  type TokenizerNote,
  type TokenizerWidgetState,
} from './state.ts';
import { TOKENIZER_STRINGS } from './strings.ts';

type Live = typeof import('./live.ts');
const loadLive = onFirstUse((): Promise<Live> => import('./live.ts'));

type Update = { readonly state: TokenizerWidgetState; readonly text: string; readonly notes: TokenizerNote[]; readonly changedAt: number };

function mountTokenizerWidget(root: HTMLElement): void {
  const lang = langOf(root.dataset['lang']);
  const strings = TOKENIZER_STRINGS[lang];
  const { find, role } = widgetElements(root, 'tokenizer widget');
  const text = find<HTMLTextAreaElement>(`textarea[name="${TOKENIZER_PARAMS.text}"]`);
  const vocabs = [...root.querySelectorAll<HTMLInputElement>(`input[name="${TOKENIZER_PARAMS.vocab}"]`)];
  const showIds = find<HTMLInputElement>(`input[name="${TOKENIZER_PARAMS.showIds}"]`);
  const run = find<HTMLButtonElement>('button[data-action="run"]');
  const showAll = find<HTMLButtonElement>('button[data-action="show-all"]');
  let shown: Awaited<ReturnType<Live['tokenize']>> | undefined;
  const [chips, stats, status, message, provenance, more, shownNote] = ['tokens', 'stats', 'status', 'message', 'provenance', 'more', 'shown'].map(
    role,
  ) as [HTMLElement, HTMLElement, HTMLElement, HTMLElement, HTMLElement, HTMLElement, HTMLElement];

  const readControls = (): TokenizerWidgetState => {
    const checked = vocabs.find((radio) => radio.checked)?.value ?? '';
    return { text: text.value, vocab: isVocabId(checked) ? checked : 'llama', showIds: showIds.checked };
  };
  const writeControls = (state: TokenizerWidgetState): void => {
    if (text.value !== state.text) text.value = state.text;
    for (const radio of vocabs) radio.checked = radio.value === state.vocab;
    showIds.checked = state.showIds;
    root.toggleAttribute('data-show-ids', state.showIds);
    provenance.textContent = strings.vocabs[state.vocab].provenance;
  };

  // More chips when the reader scrolls to the last one drawn (or it is in view from the start).
  const nearTheEnd = new IntersectionObserver(
    (entries) => {
      if (shown !== undefined && entries.some((entry) => entry.isIntersecting)) showDrawn(appendChips(chips, shown, strings));
    },
    { root: chips, rootMargin: '0px 0px 100px 0px' },
  );
  /** The note and the Show-all button for `drawn` of the shown result's chips; watches the last one. */
  function showDrawn(drawn: number): void {
    const total = shown?.groups.length ?? 0;
    more.hidden = drawn >= total;
    shownNote.textContent = strings.shownNote(drawn, total);
    showAll.textContent = strings.showAll(total);
    nearTheEnd.disconnect();
    if (drawn < total && chips.lastElementChild !== null) nearTheEnd.observe(chips.lastElementChild);
  }

  const submit = latestWins<Update, Awaited<ReturnType<Live['tokenize']>>>({
    work: async ({ state, text: used }) => (await loadLive()).tokenize(state.vocab, used),
    deliver: (result, { state, notes, changedAt }) => {
      shown = result;
      showDrawn(renderChips(chips, result, strings));
      chips.setAttribute('aria-label', `${strings.tokensLabel}: ${result.stats.tokens}`);
      stats.textContent = strings.stats(result.stats);
      showMessages(message, notes.map(strings.note));
      showRunReport(root, status, { backend: 'javascript', fallbackReason: undefined, runMs: result.encodeMs, updateMs: performance.now() - changedAt }, lang);
      // A first update waits for the vocabulary file: say so, or its time reads as tokenizing.
      if (result.loadMs >= 1) status.append(` · ${strings.loaded(result.loadMs)}`);
      replaceUrlParams(serializeTokenizerState(state));
      root.dataset['state'] = 'ready';
    },
    fail: (error) => {
      root.dataset['state'] = 'error';
      showMessages(message, [strings.error(messageOf(error))]);
    },
  });

  function update(linkNotes: TokenizerNote[] = []): void {
    const changedAt = performance.now();
    const state = readControls();
    writeControls(state);
    const { text: used, notes } = textToTokenize(state.text);
    const all = [...linkNotes, ...notes];
    if (used === '') {
      chips.replaceChildren();
      nearTheEnd.disconnect();
      more.hidden = true;
      stats.textContent = '';
      showMessages(message, all.map(strings.note));
      replaceUrlParams(serializeTokenizerState(state));
      root.dataset['updateMs'] = (performance.now() - changedAt).toFixed(1);
      root.dataset['state'] = 'ready';
      return;
    }
    if (root.dataset['state'] === 'idle' || root.dataset['vocab'] !== state.vocab) status.textContent = strings.loadingStatus(strings.vocabs[state.vocab].name);
    root.dataset['vocab'] = state.vocab;
    root.dataset['state'] = 'loading';
    submit({ state, text: used, notes: all, changedAt });
  }

  /** Puts a link's (or a presenter step's) state into the controls, without computing. */
  function restore(search: string): TokenizerNote[] {
    const { state, notes } = parseTokenizerState(search, readControls());
    writeControls(state);
    showMessages(message, notes.map(strings.note));
    return notes;
  }

  text.addEventListener('input', () => update());
  for (const radio of vocabs) radio.addEventListener('change', () => update());
  showIds.addEventListener('change', () => update());
  run.addEventListener('click', () => update());
  showAll.addEventListener('click', () => {
    if (shown !== undefined) showDrawn(appendChips(chips, shown, strings, Infinity));
  });

  attachPresenter(root, {
    lang,
    steps: strings.presenterSteps.map(({ caption, text: stepText, vocab }) => ({
      caption,
      params: { [TOKENIZER_PARAMS.text]: stepText, [TOKENIZER_PARAMS.vocab]: vocab, [TOKENIZER_PARAMS.showIds]: '1' },
    })),
    apply: (params: StepParams) => {
      const search = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== null));
      update(restore(`?${search.toString()}`));
    },
  });

  if (hasNamespace(location.search, TOKENIZER_NAMESPACE)) restore(location.search);
}

export function mountTokenizerWidgets(): void {
  for (const root of document.querySelectorAll<HTMLElement>('section[data-widget="tokenizer"]')) mountTokenizerWidget(root);
}

// The tokenizer widget's client controller: reads the controls, keeps them and the URL in step,
// and hands each update to live.ts (loaded on the first tokenize). A link restores the controls (a
// hub repository's tokenizer among them) but downloads nothing: the vocabulary loads when the reader
// types, picks one, presses Tokenize, or loads a tokenizer from a hub or their files. A failure is
// said in the message area; the text and every other vocabulary stay as they were.
import { messageOf, onFirstUse, widgetElements } from '../shared/controller.ts';
import { langOf } from '../shared/lang.ts';
import { latestWins } from '../shared/latest-wins.ts';
import { showMessages } from '../shared/message-area.ts';
import { attachPresenter, type StepParams } from '../shared/presenter.ts';
import { showRunReport } from '../shared/run-status.ts';
import { hasNamespace, replaceUrlParams } from '../shared/url-state.ts';
import { chipsOnScroll } from '../shared/chips-on-scroll.ts';
import {
  isVocabId,
  type HubVocab,
  parseTokenizerState,
  serializeTokenizerState,
  textToTokenize,
  TOKENIZER_NAMESPACE,
  TOKENIZER_PARAMS,
  type TokenizerNote,
  type TokenizerWidgetState,
} from './state.ts';
import { TOKENIZER_STRINGS } from './strings.ts';
import type { VocabSource } from './live.ts';
import { mountLoadPart } from './load-part.ts';

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
  const [tokens, stats, status, message, provenance, more, shownNote] = ['tokens', 'stats', 'status', 'message', 'provenance', 'more', 'shown'].map(
    role,
  ) as [HTMLElement, HTMLElement, HTMLElement, HTMLElement, HTMLElement, HTMLElement, HTMLElement];
  const choice = { hub: find<HTMLElement>('[data-choice="hub"]'), files: find<HTMLElement>('[data-choice="files"]') };

  /** The repository the 'hub' choice stands for, and its size once loaded; the files of the 'files' choice. */
  let hubVocab: HubVocab | undefined;
  let hubSize: number | undefined;
  let picked: { readonly files: readonly File[]; readonly size: number } | undefined;

  // A vocabulary the reader loaded becomes the picker's choice, and the text goes through it.
  const loadPart = mountLoadPart(root, {
    lang,
    message,
    load: async (source) => (await loadLive()).loadVocabulary(source),
    failed: showFailure,
    loaded: (what) => {
      if (what.kind === 'hub') {
        hubVocab = what.vocab;
        hubSize = what.size;
      } else picked = { files: what.files, size: what.size };
      for (const radio of vocabs) radio.checked = radio.value === what.kind;
      update();
    },
  });

  const readControls = (): TokenizerWidgetState => {
    const checked = vocabs.find((radio) => radio.checked)?.value ?? '';
    return { text: text.value, vocab: isVocabId(checked) ? checked : 'llama', hub: hubVocab, showIds: showIds.checked };
  };
  const vocabName = (state: TokenizerWidgetState): string =>
    state.vocab === 'hub' ? (state.hub?.repo ?? '') : state.vocab === 'files' ? (picked?.files.map((f) => f.name).join(', ') ?? '') : strings.vocabs[state.vocab].name;
  const showChoices = (): void => {
    choice.hub.hidden = hubVocab === undefined;
    role('hub-vocab').textContent = hubVocab === undefined ? '' : strings.hubVocabName(hubVocab.repo, hubSize);
    choice.files.hidden = picked === undefined;
    role('files-vocab').textContent = picked === undefined ? '' : strings.filesVocabName(picked.files.map((f) => f.name), picked.size);
  };
  const writeControls = (state: TokenizerWidgetState): void => {
    if (text.value !== state.text) text.value = state.text;
    if (state.hub !== hubVocab) {
      hubVocab = state.hub;
      hubSize = undefined;
    }
    showChoices();
    for (const radio of vocabs) radio.checked = radio.value === state.vocab;
    showIds.checked = state.showIds;
    root.toggleAttribute('data-show-ids', state.showIds);
    provenance.textContent =
      state.vocab === 'hub'
        ? strings.hubProvenance(state.hub?.repo ?? '', loadPart.hubLabel(state.hub?.hub ?? ''))
        : state.vocab === 'files'
          ? strings.filesProvenance
          : strings.vocabs[state.vocab].provenance;
  };
  const sourceOf = (state: TokenizerWidgetState): VocabSource => {
    if (state.vocab === 'hub' && state.hub !== undefined) return loadPart.sourceOf(state.hub);
    if (state.vocab === 'files' && picked !== undefined) return { kind: 'files', files: picked.files };
    return { kind: 'shipped', id: state.vocab === 'hub' || state.vocab === 'files' ? 'llama' : state.vocab };
  };
  /** The reader's message for a failed load or tokenize; a gated repository opens the load part at its token field. */
  async function showFailure(error: unknown): Promise<void> {
    const kind = await loadLive().then(
      (live) => live.failureKind(error),
      () => 'other' as const,
    );
    showMessages(message, [strings.failure(kind, messageOf(error))]);
    if (kind === 'gated') loadPart.askForToken();
  }

  // A long text's chips are drawn as the reader scrolls; the note and the Show-all button say how many.
  const chips = chipsOnScroll(tokens, (drawn, total) => {
    more.hidden = drawn >= total;
    shownNote.textContent = strings.shownNote(drawn, total);
    showAll.textContent = strings.showAll(total);
  });

  const submit = latestWins<Update, Awaited<ReturnType<Live['tokenize']>>>({
    work: async ({ state, text: used }) => (await loadLive()).tokenize(sourceOf(state), used),
    deliver: (result, { state, notes, changedAt }) => {
      if (state.vocab === 'hub' && state.hub === hubVocab && hubSize !== result.size) {
        hubSize = result.size;
        showChoices();
      }
      chips.show(result, strings);
      tokens.setAttribute('aria-label', `${strings.tokensLabel}: ${result.stats.tokens}`);
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
      status.textContent = '';
      void showFailure(error);
    },
  });

  function update(linkNotes: TokenizerNote[] = []): void {
    const changedAt = performance.now();
    const state = readControls();
    writeControls(state);
    const { text: used, notes } = textToTokenize(state.text);
    const all = [...linkNotes, ...notes];
    if (used === '') {
      chips.clear();
      stats.textContent = '';
      showMessages(message, all.map(strings.note));
      replaceUrlParams(serializeTokenizerState(state));
      root.dataset['updateMs'] = (performance.now() - changedAt).toFixed(1);
      root.dataset['state'] = 'ready';
      return;
    }
    if (root.dataset['state'] === 'idle' || root.dataset['vocab'] !== state.vocab) status.textContent = strings.loadingStatus(vocabName(state));
    root.dataset['vocab'] = state.vocab;
    root.dataset['state'] = 'loading';
    submit({ state, text: used, notes: all, changedAt });
  }

  /** Puts a link's (or a presenter step's) state into the controls, without computing; a repository fills the hub fields. */
  function restore(search: string): TokenizerNote[] {
    const { state, notes } = parseTokenizerState(search, readControls(), loadPart.hubNames);
    writeControls(state);
    if (state.hub !== undefined) loadPart.fill(state.hub);
    showMessages(message, notes.map(strings.note));
    return notes;
  }

  text.addEventListener('input', () => update());
  for (const radio of vocabs) radio.addEventListener('change', () => update());
  showIds.addEventListener('change', () => update());
  run.addEventListener('click', () => update());
  showAll.addEventListener('click', () => chips.showAll());

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

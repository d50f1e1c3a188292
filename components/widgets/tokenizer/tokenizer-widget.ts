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
import { appendChips, renderChips } from './chips.ts';
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
import { HUB_STRINGS } from '../model/hub-strings.ts';
import type { VocabSource } from './live.ts';

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
  // The part that loads a tokenizer from a hub (HubFields.astro's fields) or the reader's files.
  const load = {
    part: role('load') as HTMLDetailsElement,
    status: role('load-status'),
    hub: find<HTMLSelectElement>('select[name="hub-name"]'),
    repo: find<HTMLInputElement>('input[name="hub-repo"]'),
    revision: find<HTMLInputElement>('input[name="hub-revision"]'),
    token: find<HTMLInputElement>('input[name="hub-token"]'),
    button: find<HTMLButtonElement>('button[data-action="load-hub"]'),
    files: find<HTMLInputElement>('input[type=file][name="tok-files"]'),
  };
  const choice = { hub: find<HTMLElement>('[data-choice="hub"]'), files: find<HTMLElement>('[data-choice="files"]') };
  const hubNames = [...load.hub.options].map((option) => option.value);
  const hubOption = (name: string) => [...load.hub.options].find((option) => option.value === name);

  /** The repository the 'hub' choice stands for, and its size once loaded; the files of the 'files' choice. */
  let hubVocab: HubVocab | undefined;
  let hubSize: number | undefined;
  let picked: { readonly files: readonly File[]; readonly size: number } | undefined;

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
        ? strings.hubProvenance(state.hub?.repo ?? '', hubOption(state.hub?.hub ?? '')?.textContent ?? '')
        : state.vocab === 'files'
          ? strings.filesProvenance
          : strings.vocabs[state.vocab].provenance;
  };
  /** The hub repository of `vocab` with the hub's own default revision where none is given, and the token typed (if any). */
  const hubSource = (vocab: HubVocab): VocabSource => ({
    kind: 'hub',
    ...vocab,
    revision: vocab.revision || (hubOption(vocab.hub)?.dataset['revision'] ?? 'main'),
    ...(load.token.value !== '' && { token: load.token.value }),
  });
  const sourceOf = (state: TokenizerWidgetState): VocabSource => {
    if (state.vocab === 'hub' && state.hub !== undefined) return hubSource(state.hub);
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
    if (kind === 'gated') {
      load.part.open = true;
      load.token.focus();
    }
  }

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
    work: async ({ state, text: used }) => (await loadLive()).tokenize(sourceOf(state), used),
    deliver: (result, { state, notes, changedAt }) => {
      shown = result;
      if (state.vocab === 'hub' && state.hub === hubVocab && hubSize !== result.size) {
        hubSize = result.size;
        showChoices();
      }
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
    if (root.dataset['state'] === 'idle' || root.dataset['vocab'] !== state.vocab) status.textContent = strings.loadingStatus(vocabName(state));
    root.dataset['vocab'] = state.vocab;
    root.dataset['state'] = 'loading';
    submit({ state, text: used, notes: all, changedAt });
  }

  /** Puts a link's (or a presenter step's) state into the controls, without computing; a repository fills the hub fields. */
  function restore(search: string): TokenizerNote[] {
    const { state, notes } = parseTokenizerState(search, readControls(), hubNames);
    writeControls(state);
    if (state.hub !== undefined) {
      load.hub.value = state.hub.hub;
      load.repo.value = state.hub.repo;
      load.revision.value = state.hub.revision;
    }
    showMessages(message, notes.map(strings.note));
    return notes;
  }

  /**
   * Loads a vocabulary at the reader's request (Load, or files picked); once loaded, `chosen` makes it
   * the picker's choice and the text is tokenized with it. Only the latest request counts.
   */
  let loads = 0;
  async function loadVocabulary(source: VocabSource, loadingText: string, chosen: (size: number) => void, name: string): Promise<void> {
    const request = ++loads;
    load.part.dataset['loadState'] = 'loading';
    load.status.textContent = loadingText;
    showMessages(message, []);
    try {
      const { size } = await (await loadLive()).loadVocabulary(source);
      if (request !== loads) return;
      chosen(size);
      showChoices();
      for (const radio of vocabs) radio.checked = radio.value === source.kind;
      load.part.dataset['loadState'] = 'loaded';
      load.status.textContent = strings.loadedVocab(name, size);
      update();
    } catch (error) {
      if (request !== loads) return;
      load.part.dataset['loadState'] = 'failed';
      load.status.textContent = '';
      await showFailure(error);
    }
  }

  function loadFromHub(): void {
    const repo = load.repo.value.trim();
    if (repo === '') {
      showMessages(message, [HUB_STRINGS[lang].emptyRepo]);
      load.repo.focus();
      return;
    }
    const asked: HubVocab = { hub: load.hub.value, repo, revision: load.revision.value.trim() };
    const chosen = (size: number): void => {
      hubVocab = asked;
      hubSize = size;
    };
    void loadVocabulary(hubSource(asked), strings.loadingHub(repo), chosen, repo);
  }

  function loadFromFiles(): void {
    const files = [...(load.files.files ?? [])];
    if (files.length === 0) return;
    const names = files.map((file) => file.name).join(', ');
    const chosen = (size: number): void => {
      picked = { files, size };
    };
    void loadVocabulary({ kind: 'files', files }, strings.loadingFiles, chosen, names);
  }

  load.button.addEventListener('click', loadFromHub);
  for (const field of [load.repo, load.revision, load.token]) {
    field.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') loadFromHub();
    });
  }
  load.hub.addEventListener('change', () => (load.revision.placeholder = hubOption(load.hub.value)?.dataset['revision'] ?? 'main'));
  load.files.addEventListener('change', loadFromFiles);
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

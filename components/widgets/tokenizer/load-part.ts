// The tokenizer widget's load part (details[data-role="load"] in TokenizerWidget.astro): a hub
// repository (HubFields.astro's fields, shared with the model panel) with a Load button, and a picker
// for the reader's own tokenizer files. A load runs at the reader's request only; what loaded is
// handed to the widget, which makes it a choice in the vocabulary picker. The token stays in its
// password field and goes to live.ts only inside a request's source.
import { widgetElements } from '../shared/controller.ts';
import type { Lang } from '../shared/lang.ts';
import { showMessages } from '../shared/message-area.ts';
import { HUB_STRINGS } from '../shared/hub-strings.ts';
import type { VocabSource } from './live.ts';
import type { HubVocab } from './state.ts';
import { TOKENIZER_STRINGS } from './strings.ts';

/** A vocabulary the reader loaded, and its size. */
export type Loaded =
  | { readonly kind: 'hub'; readonly vocab: HubVocab; readonly size: number }
  | { readonly kind: 'files'; readonly files: readonly File[]; readonly size: number };

export type LoadPart = {
  /** The hubs the page offers, by name. */
  readonly hubNames: readonly string[];
  /** A hub's name as the select shows it. */
  hubLabel(name: string): string;
  /** `vocab` as live.ts loads it: the hub's default revision where none is given, and the token typed (if any). */
  sourceOf(vocab: HubVocab): VocabSource;
  /** Puts a link's repository into the fields. */
  fill(vocab: HubVocab): void;
  /** Opens the part at the token field (a gated repository). */
  askForToken(): void;
};

export function mountLoadPart(
  root: HTMLElement,
  options: {
    readonly lang: Lang;
    /** The widget's message area, where an empty repository field is said. */
    readonly message: HTMLElement;
    /** Loads the vocabulary of `source` (live.ts) and says its size. */
    readonly load: (source: VocabSource) => Promise<{ readonly size: number }>;
    /** Says why a load failed, in the widget's message area. */
    readonly failed: (error: unknown) => Promise<void>;
    readonly loaded: (what: Loaded) => void;
  },
): LoadPart {
  const strings = TOKENIZER_STRINGS[options.lang];
  const { find, role } = widgetElements(root, 'tokenizer widget (load part)');
  const part = role('load') as HTMLDetailsElement;
  const status = role('load-status');
  const fields = {
    hub: find<HTMLSelectElement>('select[name="hub-name"]'),
    repo: find<HTMLInputElement>('input[name="hub-repo"]'),
    revision: find<HTMLInputElement>('input[name="hub-revision"]'),
    token: find<HTMLInputElement>('input[name="hub-token"]'),
  };
  const button = find<HTMLButtonElement>('button[data-action="load-hub"]');
  const picker = find<HTMLInputElement>('input[type=file][name="tok-files"]');
  const hubOption = (name: string) => [...fields.hub.options].find((option) => option.value === name);
  const defaultRevision = (hub: string) => hubOption(hub)?.dataset['revision'] ?? 'main';

  const sourceOf = (vocab: HubVocab): VocabSource => ({
    kind: 'hub',
    ...vocab,
    revision: vocab.revision || defaultRevision(vocab.hub),
    ...(fields.token.value !== '' && { token: fields.token.value }),
  });

  /** Only the latest request counts: an earlier one that ends later is dropped. */
  let requests = 0;
  async function request(source: VocabSource, loading: string, name: string, loaded: (size: number) => Loaded): Promise<void> {
    const mine = ++requests;
    part.dataset['loadState'] = 'loading';
    status.textContent = loading;
    showMessages(options.message, []);
    try {
      const { size } = await options.load(source);
      if (mine !== requests) return;
      part.dataset['loadState'] = 'loaded';
      status.textContent = strings.loadedVocab(name, size);
      options.loaded(loaded(size));
    } catch (error) {
      if (mine !== requests) return;
      part.dataset['loadState'] = 'failed';
      status.textContent = '';
      await options.failed(error);
    }
  }

  function loadFromHub(): void {
    const repo = fields.repo.value.trim();
    if (repo === '') {
      showMessages(options.message, [HUB_STRINGS[options.lang].emptyRepo]);
      fields.repo.focus();
      return;
    }
    const vocab: HubVocab = { hub: fields.hub.value, repo, revision: fields.revision.value.trim() };
    void request(sourceOf(vocab), strings.loadingHub(repo), repo, (size) => ({ kind: 'hub', vocab, size }));
  }

  function loadFromFiles(): void {
    const files = [...(picker.files ?? [])];
    if (files.length === 0) return;
    const names = files.map((file) => file.name).join(', ');
    void request({ kind: 'files', files }, strings.loadingFiles, names, (size) => ({ kind: 'files', files, size }));
  }

  button.addEventListener('click', loadFromHub);
  // Enter in a field loads, as the button does.
  for (const field of [fields.repo, fields.revision, fields.token]) {
    field.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') loadFromHub();
    });
  }
  fields.hub.addEventListener('change', () => (fields.revision.placeholder = defaultRevision(fields.hub.value)));
  picker.addEventListener('change', loadFromFiles);

  return {
    hubNames: [...fields.hub.options].map((option) => option.value),
    hubLabel: (name) => hubOption(name)?.textContent ?? name,
    sourceOf,
    fill(vocab) {
      fields.hub.value = vocab.hub;
      fields.repo.value = vocab.repo;
      fields.revision.value = vocab.revision;
      fields.revision.placeholder = defaultRevision(vocab.hub);
    },
    askForToken() {
      part.open = true;
      fields.token.focus();
    },
  };
}

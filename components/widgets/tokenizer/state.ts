// The tokenizer widget's state: the reader's text, the vocabulary it goes through (one the site
// ships, a release's tokenizer from a hub, or the reader's own tokenizer files), and whether ids are
// shown under the chips; how it travels in the URL, and what is kept out of it.
//
// Pure functions, unit-tested without a browser. The reader's text is never changed: a text longer
// than the widget tokenizes is cut only for tokenizing (and said), and one too long for a link stays
// out of the URL (and said) instead of being shortened there. A hub's access token is never state:
// it stays in its password field. The reader's files cannot travel in a link, and a link says so.
import { repoIdProblem } from '../../../kernels/hub/hubs.ts';
import { SHIPPED_VOCAB_IDS, type ShippedVocabId } from '../../../kernels/tokenizers/vocabularies.ts';

/** A shipped vocabulary, the tokenizer of the repository in `hub`, or the files the reader picked. */
export type VocabChoice = ShippedVocabId | 'hub' | 'files';
export const VOCAB_CHOICES: readonly VocabChoice[] = [...SHIPPED_VOCAB_IDS, 'hub', 'files'];

/** A repository whose tokenizer the widget offers; revision '' means the hub's default branch. */
export type HubVocab = { readonly hub: string; readonly repo: string; readonly revision: string };

export type TokenizerWidgetState = {
  readonly text: string;
  readonly vocab: VocabChoice;
  /** The repository the 'hub' choice stands for, when there is one. */
  readonly hub: HubVocab | undefined;
  readonly showIds: boolean;
};

export const TOKENIZER_PARAMS = {
  text: 'tok-text',
  vocab: 'tok-vocab',
  showIds: 'tok-ids',
  hub: 'tok-hub',
  repo: 'tok-repo',
  revision: 'tok-rev',
} as const;
export const TOKENIZER_NAMESPACE = 'tok';

/** The widget tokenizes at most this many characters (UTF-16 units); a pasted page is ~10,000. */
export const MAX_TEXT = 20_000;
/** Longer texts are not written into the link (browsers and servers cap URL length). */
export const MAX_URL_TEXT = 2_000;

export type TokenizerNote =
  | { readonly kind: 'unknown-vocab'; readonly value: string }
  | { readonly kind: 'unknown-hub'; readonly value: string; readonly hubs: readonly string[] }
  | { readonly kind: 'bad-repo'; readonly value: string }
  /** tok-vocab=hub without a repository the widget can offer. */
  | { readonly kind: 'no-hub-vocab' }
  /** tok-vocab=files: the reader's files stay on their computer. */
  | { readonly kind: 'files-not-in-link' }
  | { readonly kind: 'bad-ids-flag'; readonly value: string }
  | { readonly kind: 'empty-text' }
  | { readonly kind: 'truncated'; readonly used: number; readonly total: number }
  | { readonly kind: 'not-in-link'; readonly length: number };

export function isVocabId(value: string): value is VocabChoice {
  return (VOCAB_CHOICES as readonly string[]).includes(value);
}

/**
 * The repository a link names (tok-hub, tok-repo, tok-rev) on top of `fallback`: a hub among `hubs`
 * (a link never points the page at a host the site does not offer) and a repository id; anything
 * else keeps `fallback` and adds a note. A link only names it: nothing is fetched before the reader acts.
 */
function parseHubVocab(params: URLSearchParams, fallback: HubVocab | undefined, hubs: readonly string[], notes: TokenizerNote[]): HubVocab | undefined {
  const hub = params.get(TOKENIZER_PARAMS.hub);
  const repo = params.get(TOKENIZER_PARAMS.repo);
  if (hub === null && repo === null) return fallback;
  const hubName = hub ?? fallback?.hub ?? hubs[0]!;
  if (!hubs.includes(hubName)) {
    notes.push({ kind: 'unknown-hub', value: hubName, hubs });
    return fallback;
  }
  if (repo === null || repoIdProblem(repo) !== null) {
    notes.push({ kind: 'bad-repo', value: repo ?? '' });
    return fallback;
  }
  return { hub: hubName, repo, revision: params.get(TOKENIZER_PARAMS.revision) ?? '' };
}

/** The state a URL asks for on top of `defaults`; malformed values keep the default and add a note. `hubs`: the hub names the page offers. */
export function parseTokenizerState(
  search: string,
  defaults: TokenizerWidgetState,
  hubs: readonly string[],
): { state: TokenizerWidgetState; notes: TokenizerNote[] } {
  const params = new URLSearchParams(search);
  const notes: TokenizerNote[] = [];
  const hub = parseHubVocab(params, defaults.hub, hubs, notes);
  let vocab = defaults.vocab;
  const askedVocab = params.get(TOKENIZER_PARAMS.vocab);
  if (askedVocab === 'files') notes.push({ kind: 'files-not-in-link' });
  else if (askedVocab === 'hub' && hub === undefined) notes.push({ kind: 'no-hub-vocab' });
  else if (askedVocab !== null) {
    if (isVocabId(askedVocab)) vocab = askedVocab;
    else notes.push({ kind: 'unknown-vocab', value: askedVocab });
  }
  let showIds = defaults.showIds;
  const askedIds = params.get(TOKENIZER_PARAMS.showIds);
  if (askedIds !== null) {
    if (askedIds === '1' || askedIds === '0') showIds = askedIds === '1';
    else notes.push({ kind: 'bad-ids-flag', value: askedIds });
  }
  return { state: { text: params.get(TOKENIZER_PARAMS.text) ?? defaults.text, vocab, hub, showIds }, notes };
}

/**
 * The URL parameters for `state`; null removes one. The text is left out when too long for a link,
 * the repository when there is none, the revision when it is the hub's default.
 */
export function serializeTokenizerState(state: TokenizerWidgetState): Record<string, string | null> {
  return {
    [TOKENIZER_PARAMS.text]: state.text.length > MAX_URL_TEXT ? null : state.text,
    [TOKENIZER_PARAMS.vocab]: state.vocab,
    [TOKENIZER_PARAMS.showIds]: state.showIds ? '1' : '0',
    [TOKENIZER_PARAMS.hub]: state.hub?.hub ?? null,
    [TOKENIZER_PARAMS.repo]: state.hub?.repo ?? null,
    [TOKENIZER_PARAMS.revision]: state.hub === undefined || state.hub.revision === '' ? null : state.hub.revision,
  };
}

/** The part of the text that is tokenized, and the notes about it. Never splits a surrogate pair. */
export function textToTokenize(text: string): { text: string; notes: TokenizerNote[] } {
  const notes: TokenizerNote[] = [];
  if (text.length > MAX_URL_TEXT) notes.push({ kind: 'not-in-link', length: text.length });
  if (text.trim() === '') return { text: '', notes: [...notes, { kind: 'empty-text' }] };
  if (text.length <= MAX_TEXT) return { text, notes };
  const end = /[\uD800-\uDBFF]/.test(text[MAX_TEXT - 1]!) ? MAX_TEXT - 1 : MAX_TEXT;
  return { text: text.slice(0, end), notes: [...notes, { kind: 'truncated', used: end, total: text.length }] };
}

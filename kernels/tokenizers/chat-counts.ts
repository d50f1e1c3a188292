// What a chat format costs in tokens: of the rendered prompt's tokens, how many hold only the
// template's text, how many only the messages' text, how many straddle the two; and for each of the
// format's markers, what the vocabulary makes of every place it appears: one special token, or
// several ordinary pieces. Pure: the tokens, their spans (token-spans.ts) and the segments
// (chat-segments.ts) come in; the widget only shows the result.
import type { ChatSegment } from './chat-segments.ts';
import type { TokenSpan } from './token-spans.ts';

/** Where a token's characters come from; a token made only of an added space lies with the text it is glued to. */
export type TokenPart = 'template' | 'message' | 'both';

export type MarkerCount = {
  readonly marker: string;
  /** For each place the template wrote the marker, in order: the ids of the tokens that hold its characters. */
  readonly places: readonly (readonly number[])[];
  /** True when every place is one token that is the whole marker and a special (added) token. */
  readonly special: boolean;
};

export type ChatTokenCounts = {
  readonly total: number;
  /** Each token's part, in order. */
  readonly parts: readonly TokenPart[];
  readonly template: number;
  readonly message: number;
  readonly both: number;
  /** The format's markers that appear in the prompt, in the format's order. */
  readonly markers: readonly MarkerCount[];
};

export type ChatCountInput = {
  readonly text: string;
  readonly segments: readonly ChatSegment[];
  readonly ids: readonly number[];
  readonly spans: readonly TokenSpan[];
  readonly specialIds: ReadonlySet<number>;
  readonly markers: readonly string[];
};

/** The parts a span touches; an empty span (an added space) takes the segment it sits at the start of. */
function partOf(span: TokenSpan, segments: readonly ChatSegment[]): TokenPart {
  const kinds = new Set<ChatSegment['kind']>();
  for (const segment of segments) {
    const touches = span.start === span.end ? segment.start <= span.start && span.start < segment.end : segment.start < span.end && span.start < segment.end;
    if (touches) kinds.add(segment.kind);
  }
  return kinds.size === 2 ? 'both' : kinds.has('message') ? 'message' : 'template';
}

/** Every place the template wrote `marker`: starts of non-overlapping matches inside template segments only. */
function markerPlaces(text: string, segments: readonly ChatSegment[], marker: string): number[] {
  const places: number[] = [];
  for (const segment of segments) {
    if (segment.kind !== 'template') continue;
    const inside = text.slice(segment.start, segment.end);
    for (let at = inside.indexOf(marker); at !== -1; at = inside.indexOf(marker, at + marker.length)) places.push(segment.start + at);
  }
  return places;
}

export function chatTokenCounts(input: ChatCountInput): ChatTokenCounts {
  const { text, segments, ids, spans, specialIds } = input;
  if (spans.length !== ids.length) throw new Error(`chatTokenCounts: ${ids.length} ids but ${spans.length} spans`);
  const parts = spans.map((span) => partOf(span, segments));
  const count = (part: TokenPart): number => parts.filter((p) => p === part).length;
  const markers: MarkerCount[] = [];
  for (const marker of input.markers) {
    const places = markerPlaces(text, segments, marker).map((start) => {
      const end = start + marker.length;
      return { start, end, tokens: spans.flatMap((span, i) => (span.start < end && start < span.end ? [i] : [])) };
    });
    if (places.length === 0) continue;
    const special = places.every(({ start, end, tokens }) => tokens.length === 1 && specialIds.has(ids[tokens[0]!]!) && spans[tokens[0]!]!.start === start && spans[tokens[0]!]!.end === end);
    markers.push({ marker, places: places.map(({ tokens }) => tokens.map((i) => ids[i]!)), special });
  }
  return { total: ids.length, parts, template: count('template'), message: count('message'), both: count('both'), markers };
}

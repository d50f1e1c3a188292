// Draws one computed update of the RoPE widget: the score numbers, one hand per frequency pair,
// the head vector coloured by pair, the score and RoFormer's bound against distance, and each
// pair's wavelength against S. It only arranges numbers the computation returned.
//
// A position slider changes the hands, the numbers and the distance marker, not the curves; the
// curves and the wavelength chart are drawn again only when something they show changed.
import type { ChannelPair, RopeDemoResult } from '../../../kernels/demos/rope-demo.ts';
import { chartSize, type ChartSize } from '../../plots/chart-size.ts';
import { lineChart, moveLineMarker } from '../../plots/line-chart.ts';
import { setAttr, setText } from '../shared/dom-patch.ts';
import type { RopeWidgetState } from './state.ts';
import { fmt, type CurveFacts, type RopeStrings, type WavelengthFacts } from './strings.ts';

export type ChartTargets = {
  readonly score: HTMLElement;
  readonly shiftedScore: HTMLElement;
  readonly scoreLabel: HTMLElement;
  readonly shiftedLabel: HTMLElement;
  readonly difference: HTMLElement;
  readonly scoresCaption: HTMLElement;
  readonly hands: HTMLElement;
  readonly handsNote: HTMLElement;
  readonly handsText: HTMLElement;
  readonly pairing: HTMLElement;
  readonly pairingCaption: HTMLElement;
  readonly curve: HTMLElement;
  readonly bound: HTMLElement;
  readonly wavelength: HTMLElement;
  readonly wavelengthCaption: HTMLElement;
  /** The legend entry of the wavelengths before extension, shown only when they differ. */
  readonly originalLegend: HTMLElement;
};

const MAIN = 'var(--sl-color-accent-high)';
const SECOND = 'var(--sl-color-orange-high)';
const TRAINED = 'var(--sl-color-purple-high, var(--sl-color-gray-2))';
const TARGET = 'var(--sl-color-green-high, var(--sl-color-gray-2))';
const SVG = 'http://www.w3.org/2000/svg';

/** Pairs drawn as hands: all of them up to this many, else a readable subset. */
const ALL_HANDS_UP_TO = 16;
const FIRST_HANDS = 6;
const SPREAD_HANDS = 6;

/** Which pairs get a hand: all when few; else the fastest few, then evenly spread up to the slowest. */
export function shownPairs(total: number): number[] {
  if (total <= ALL_HANDS_UP_TO) return Array.from({ length: total }, (_, k) => k);
  const spread = Array.from({ length: SPREAD_HANDS }, (_, i) => FIRST_HANDS + Math.round((i * (total - 1 - FIRST_HANDS)) / (SPREAD_HANDS - 1)));
  return [...new Set([...Array.from({ length: FIRST_HANDS }, (_, k) => k), ...spread])];
}

/** Index of pair k within its own row of positions (ChatGLM-6B's block pairs count from 0 again). */
function indexInRow(pairs: readonly ChannelPair[], k: number): number {
  const first = pairs.findIndex((p) => p.row === pairs[k]!.row);
  return k - first;
}

function svgElement<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string>): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  return element;
}

/** One drawn hand: its figure, the q and k lines, and the wavelength text under it. */
type Hand = { readonly pair: number; readonly q: SVGLineElement; readonly k: SVGLineElement; readonly wavelength: HTMLElement };
const handsDrawn = new WeakMap<HTMLElement, { readonly key: string; readonly hands: Hand[] }>();

function makeHand(pairs: readonly ChannelPair[], k: number, strings: RopeStrings): { figure: HTMLElement; hand: Hand } {
  const figure = document.createElement('figure');
  figure.className = 'hand';
  figure.dataset['pair'] = String(k);
  const svg = svgElement('svg', { viewBox: '-1.15 -1.15 2.3 2.3', 'aria-hidden': 'true' });
  svg.append(
    svgElement('circle', { cx: '0', cy: '0', r: '1', class: 'hand-circle' }),
    svgElement('line', { x1: '-1', y1: '0', x2: '1', y2: '0', class: 'hand-axis' }),
  );
  const kLine = svgElement('line', { x1: '0', y1: '0', class: 'hand-k' });
  const qLine = svgElement('line', { x1: '0', y1: '0', class: 'hand-q' });
  svg.append(kLine, qLine);
  const caption = document.createElement('figcaption');
  const name = document.createElement('span');
  name.textContent = strings.pairLabel(indexInRow(pairs, k), pairs[k]!.row);
  const wavelength = document.createElement('span');
  wavelength.className = 'hand-wavelength';
  caption.append(name, wavelength);
  figure.append(svg, caption);
  return { figure, hand: { pair: k, q: qLine, k: kLine, wavelength } };
}

function placeHand(line: SVGLineElement, a: number, b: number, radius: number): void {
  // Screen y grows downwards: the second channel of the pair is drawn upwards.
  setAttr(line, 'x2', (a / radius).toFixed(4));
  setAttr(line, 'y2', (-b / radius).toFixed(4));
}

function drawHands(targets: ChartTargets, result: RopeDemoResult, strings: RopeStrings): void {
  const { pairs, queryRotated: q, keyRotated: k } = result;
  const shown = shownPairs(pairs.length);
  const key = JSON.stringify([pairs, shown]);
  let drawn = handsDrawn.get(targets.hands);
  if (drawn?.key !== key) {
    const made = shown.map((p) => makeHand(pairs, p, strings));
    targets.hands.replaceChildren(...made.map((m) => m.figure));
    drawn = { key, hands: made.map((m) => m.hand) };
    handsDrawn.set(targets.hands, drawn);
  }
  let radius = 1e-12;
  for (const { a, b } of pairs) radius = Math.max(radius, Math.hypot(q[a]!, q[b]!), Math.hypot(k[a]!, k[b]!));
  const lines: string[] = [];
  for (const hand of drawn.hands) {
    const { a, b, row } = pairs[hand.pair]!;
    placeHand(hand.q, q[a]!, q[b]!, radius);
    placeHand(hand.k, k[a]!, k[b]!, radius);
    // ChatGLM-6B's two rows share one inv_freq, so a block pair has its position twin's wavelength.
    setText(hand.wavelength, strings.wavelengthShort(result.wavelengths[indexInRow(pairs, hand.pair)]!));
    lines.push(strings.handText(indexInRow(pairs, hand.pair), row, Math.atan2(q[b]!, q[a]!), Math.atan2(k[b]!, k[a]!)));
  }
  setText(targets.handsText, lines.join(' '));
  setText(targets.handsNote, shown.length < pairs.length ? strings.handsHidden(shown.length, pairs.length) : '');
}

/**
 * Pair colours: hue by the pair's index within its row, so a repeated rainbow means rotate-half.
 * Light enough (72 %) that the dark channel numbers on them keep 4.5:1 contrast at every hue.
 */
const pairColor = (indexInRow: number, rowSize: number) => `hsl(${Math.round((300 * indexInRow) / Math.max(1, rowSize))} 70% 72%)`;

function drawPairing(targets: ChartTargets, result: RopeDemoResult, headDim: number, strings: RopeStrings): void {
  const { pairs } = result;
  const key = `${headDim}|${JSON.stringify(pairs)}`;
  if (targets.pairing.dataset['key'] === key) return;
  targets.pairing.dataset['key'] = key;
  const ofChannel = new Array<number | undefined>(headDim);
  pairs.forEach(({ a, b }, k) => (ofChannel[a] = ofChannel[b] = k));
  const rowSize = (k: number) => pairs.filter((p) => p.row === pairs[k]!.row).length;
  const cells = Array.from({ length: headDim }, (_, c) => {
    const cell = document.createElement('span');
    cell.className = 'channel';
    const k = ofChannel[c];
    cell.dataset['channel'] = String(c);
    if (k === undefined) cell.dataset['pass'] = '';
    else {
      cell.dataset['pair'] = String(k);
      cell.style.background = pairColor(indexInRow(pairs, k), rowSize(k));
    }
    if (headDim <= 16) cell.textContent = String(c);
    cell.title = k === undefined ? `${c}` : `${c} → ${strings.pairLabel(indexInRow(pairs, k), pairs[k]!.row)}`;
    return cell;
  });
  targets.pairing.replaceChildren(...cells);
  const listed = pairs.slice(0, 4).map(({ a, b }) => [a, b] as const);
  const rotated = 2 * pairs.length;
  setText(targets.pairingCaption, strings.pairingCaption(listed, pairs.length, headDim - rotated));
}

function drawScores(targets: ChartTargets, result: RopeDemoResult, state: RopeWidgetState, strings: RopeStrings): void {
  const { query: m, key: n, shift } = state;
  setText(targets.scoreLabel, strings.scoreLine(m, n));
  setText(targets.shiftedLabel, strings.scoreLine(m + shift, n + shift));
  setText(targets.score, fmt(result.score, 4));
  setAttr(targets.score, 'data-value', String(result.score));
  setText(targets.shiftedScore, fmt(result.shiftedScore, 4));
  setAttr(targets.shiftedScore, 'data-value', String(result.shiftedScore));
  const difference = result.shiftedScore - result.score;
  setText(targets.difference, difference === 0 ? '0' : difference.toExponential(1));
  setAttr(targets.difference, 'data-value', String(difference));
  const logN = result.queryScales[0] !== result.queryScales[1];
  setText(targets.scoresCaption, strings.scoresCaption({ query: m, key: n, shift, score: result.score, shiftedScore: result.shiftedScore, logN }));
}

/** A chart's drawing width: its container's, within 260 px and 60 em. */
const widthOf = ({ width, fontSize }: ChartSize) => Math.max(260, Math.min(60 * fontSize, width));

/** What the curves show; they are drawn again only when this changes. */
function curveKey(state: RopeWidgetState): string {
  const { query, key, shift, ...rest } = state;
  return JSON.stringify(rest);
}

function drawCurves(targets: ChartTargets, size: ChartSize, result: RopeDemoResult, state: RopeWidgetState, strings: RopeStrings): void {
  const key = `${curveKey(state)}|${size.width}|${size.fontSize}`;
  const distance = state.query - state.key;
  const markerLabel = strings.currentDistance(distance);
  if (targets.curve.dataset['key'] !== key) {
    targets.curve.dataset['key'] = key;
    const width = widthOf(size);
    const { fontSize } = size;
    const x = result.distances;
    targets.curve.replaceChildren(
      lineChart({
        series: [{ name: 'score', x, y: result.scores, color: MAIN }],
        width,
        height: 15 * fontSize,
        fontSize,
        xLabel: strings.distanceAxis,
        yLabel: strings.scoreAxis,
        marker: { x: distance, label: markerLabel, color: SECOND },
      }),
    );
    targets.bound.replaceChildren(
      lineChart({ series: [{ name: 'bound', x, y: result.bound, color: SECOND }], width, height: 12.5 * fontSize, fontSize, xLabel: strings.distanceAxis, yLabel: strings.boundAxis }),
    );
    const last = x.length - 1;
    const facts: CurveFacts = {
      range: state.range,
      pairs: result.wavelengths.length,
      scoreNear: result.scores[0]!,
      scoreFar: result.scores[last]!,
      boundNear: result.bound[0]!,
      boundFar: result.bound[last]!,
    };
    setAttr(targets.curve, 'aria-label', strings.curveSummary(facts));
    setAttr(targets.bound, 'aria-label', strings.boundSummary(facts));
  }
  moveLineMarker(targets.curve.firstElementChild, distance, markerLabel);
}

function drawWavelengths(targets: ChartTargets, size: ChartSize, result: RopeDemoResult, state: RopeWidgetState, strings: RopeStrings): void {
  const key = JSON.stringify([Array.from(result.wavelengths), state.mode === 'extend' ? state.target : 0, state.trained, size]);
  if (targets.wavelength.dataset['key'] === key) return;
  targets.wavelength.dataset['key'] = key;
  const pairIndex = Array.from(result.wavelengths, (_, k) => k);
  const extended = state.mode === 'extend' && state.extension !== 'none';
  const series = [{ name: 'used', x: pairIndex, y: result.wavelengths, color: MAIN, dots: true }];
  if (extended) series.push({ name: 'original', x: pairIndex, y: result.baseWavelengths, color: SECOND, dots: true });
  targets.originalLegend.hidden = !extended;
  const rules = [{ y: state.trained, label: `S = ${state.trained}`, color: TRAINED }];
  if (state.mode === 'extend') rules.push({ y: state.target, label: `L = ${state.target}`, color: TARGET });
  targets.wavelength.replaceChildren(
    lineChart({ series, width: widthOf(size), height: Math.round(16 * size.fontSize), fontSize: size.fontSize, xLabel: strings.pairAxis, yLabel: strings.wavelengthAxis, yType: 'log', rules }),
  );
  const facts: WavelengthFacts = {
    pairs: result.wavelengths.length,
    trained: state.trained,
    target: state.target,
    longerThanTrained: result.wavelengths.filter((w) => w > state.trained).length,
    shortest: Math.min(...result.wavelengths),
    longest: Math.max(...result.wavelengths),
    extension: state.mode === 'extend' ? state.extension : undefined,
    alpha: result.alpha,
    effectiveBase: result.effectiveBase,
  };
  const summary = strings.wavelengthSummary(facts);
  setAttr(targets.wavelength, 'aria-label', summary);
  setText(targets.wavelengthCaption, summary);
}

export function drawRopeCharts(targets: ChartTargets, result: RopeDemoResult, state: RopeWidgetState, strings: RopeStrings): void {
  // Drawn at the size each chart has on screen: chartSize measures both before anything changes (once;
  // later its observer reports), and a new size (window, phone, presenter mode) draws this result again.
  const redraw = () => drawRopeCharts(targets, result, state, strings);
  const sizes = { curve: chartSize(targets.curve, redraw, 440), wavelength: chartSize(targets.wavelength, redraw, 440) };
  drawCurves(targets, sizes.curve, result, state, strings);
  drawWavelengths(targets, sizes.wavelength, result, state, strings);
  drawScores(targets, result, state, strings);
  drawHands(targets, result, strings);
  drawPairing(targets, result, state.headDim, strings);
}

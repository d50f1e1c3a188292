// The model panel's sampling controls and generation messages, in both languages.
import type { Lang } from '../shared/lang.ts';
import type { SamplingNote } from './sampling-state.ts';

export type SamplingStrings = {
  readonly legend: string;
  readonly temperature: string;
  readonly topK: string;
  readonly topP: string;
  readonly seed: string;
  readonly maxNew: string;
  readonly hint: string;
  readonly generate: string;
  readonly stop: string;
  /** Status while tokens stream in. */
  readonly generating: (done: number, of: number) => string;
  readonly clamped: (note: Extract<SamplingNote, { kind: 'sampling-clamped' }>) => string;
  readonly ended: (reason: 'eos' | 'stopped', generated: number) => string;
};

const en: SamplingStrings = {
  legend: 'Sampling',
  temperature: 'Temperature (0 = always the most likely token)',
  topK: 'Top-k (0 = all tokens)',
  topP: 'Top-p (1 = all tokens)',
  seed: 'Seed',
  maxNew: 'Tokens to generate',
  hint: 'The logits are divided by the temperature, cut to the k most likely tokens, then to the smallest set whose probabilities reach p; one token is drawn from what is left. The same seed draws the same tokens again.',
  generate: 'Generate',
  stop: 'Stop',
  generating: (done, of) => `Generating: ${done} of ${of} tokens…`,
  clamped: (n) => `${n.param} = ${n.asked} is outside ${n.low}…${n.high}; using ${n.used}.`,
  ended: (reason, generated) =>
    reason === 'eos'
      ? `The model ended its text (end-of-sequence token) after ${generated} tokens.`
      : `Stopped after ${generated} tokens.`,
};

const zh: SamplingStrings = {
  legend: '采样',
  temperature: '温度（0 = 总取最可能的 token）',
  topK: 'Top-k（0 = 不限）',
  topP: 'Top-p（1 = 不限）',
  seed: '随机种子',
  maxNew: '生成 token 数',
  hint: 'logits 先除以温度，再只留概率最高的 k 个 token，再留概率累计达到 p 的最小集合，从剩下的里抽一个。同一个种子会再抽出同样的 token。',
  generate: '生成',
  stop: '停止',
  generating: (done, of) => `正在生成：${done} / ${of} 个 token…`,
  clamped: (n) => `${n.param} = ${n.asked} 超出 ${n.low}…${n.high}，改用 ${n.used}。`,
  ended: (reason, generated) =>
    reason === 'eos' ? `模型在 ${generated} 个 token 后输出了结束符，文本到此为止。` : `已在 ${generated} 个 token 后停止。`,
};

export const SAMPLING_STRINGS: Record<Lang, SamplingStrings> = { en, zh };

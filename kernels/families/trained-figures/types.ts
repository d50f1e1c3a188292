// The shapes of the figures measured on the trained tiny models (scripts/train/positions.ts and
// scripts/train/learned.ts write them as JSON next to this file; pages and tests read them).

/** Held-out loss over non-overlapping windows of one length. */
export type PositionRun = {
  /** Tokens per window, the template included. */
  readonly length: number;
  readonly windows: number;
  /** Mean loss (nats per token) over every scored position. */
  readonly meanLoss: number;
  /** Mean loss of positions from..to−1, over every window. */
  readonly buckets: readonly { readonly from: number; readonly to: number; readonly loss: number; readonly tokens: number }[];
};

export type PositionModelFigures = {
  readonly id: string;
  readonly encoding: 'alibi' | 'rope' | 'rope-ntk-logn';
  /** One run per evaluation length, shortest first. */
  readonly runs: readonly PositionRun[];
};

export type PositionFigures = {
  /** Tokens per training sequence. */
  readonly trainingLength: number;
  /** Positions per bucket. */
  readonly bucket: number;
  readonly models: readonly PositionModelFigures[];
};

/** One attention head and its mean attention to the key it is scored on. */
export type HeadScore = { readonly layer: number; readonly head: number; readonly attention: number };

/** A trained model's attention shape, as its config.json gives it (pages print these, never type them). */
export type TrainedShape = {
  readonly layers: number;
  readonly hidden: number;
  /** Query heads, and the key/value heads they share (as many when nothing is shared). */
  readonly heads: number;
  readonly kvHeads: number;
  /** Width of one head's query, key and value. */
  readonly headDim: number;
};

/** What one trained model learned, measured on the held-out text. */
export type LearnedFigures = {
  readonly id: string;
  readonly shape: TrainedShape;
  /** Mean held-out cross-entropy, nats per token, and the best unigram model's on the same tokens. */
  readonly crossEntropy: number;
  readonly unigram: number;
  readonly tokens: number;
  /** The head that looks most at the previous token (position i−1). */
  readonly previousToken: HeadScore;
  /**
   * The head that looks most at the last punctuation mark or line break before i−1 (the start of
   * the current line or clause), and what a head spreading its attention evenly would give it.
   */
  readonly separator: HeadScore & { readonly uniform: number };
  /**
   * Prefix LMs only (ChatGLM-6B): the head whose first queries look most at prefix keys after them,
   * which a causal decoder never can; `attention` is that share of their attention, `onMarkers` the
   * part of it on the prefix's closing [gMASK] and <sop> (the rest is on the text after them).
   */
  readonly prefixReader?: HeadScore & { readonly onMarkers: number };
  /**
   * Prefix LMs only: the previous-token head's mean attention to i−1 apart for the queries inside the
   * prefix (read both ways; `<sop>` excluded) and for those from `<sop>` on (generated, causal).
   */
  readonly previousTokenByPart?: { readonly prefix: number; readonly generated: number };
};

/** How long the last `npm run train-tiny` took (scripts/train/record_training.py). */
export type TrainingRecord = {
  /** Tokens per training sequence. */
  readonly window: number;
  /** Each model's own run (the six ran side by side), seconds of wall time. */
  readonly models: readonly { readonly id: string; readonly steps: number; readonly seconds: number }[];
};

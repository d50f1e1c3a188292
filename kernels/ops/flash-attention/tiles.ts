// How FlashAttention cuts one head's N×N score matrix into tiles, and what each method holds.
// Pure arithmetic, shared by the float64 reference, the graph and the widget's counts.
//
// Query tiles have Br rows and key/value blocks Bc columns; here Br = Bc (the widget has one block
// size), so tile (i, j) is query rows i·Br … and keys j·Bc …, and the last tile of each side may be
// shorter when Bc does not divide N. Under a causal mask, query r reads key c only when c ≤ r: a tile
// whose first key lies past its last query row is all masked, and FlashAttention skips it.

export type TileShape = {
  /** Sequence length: N queries and N keys (self-attention). */
  readonly N: number;
  /** Block size, Br = Bc. */
  readonly Bc: number;
  readonly causal: boolean;
};

/** Number of blocks of `size` that cover `length` (the last one may be shorter). */
export const blockCount = (length: number, size: number): number => Math.ceil(length / size);

/** Whether tile (i, j) is skipped: causal, and its first key comes after its last query row. */
export function tileSkipped({ N, Bc, causal }: TileShape, i: number, j: number): boolean {
  const lastRow = Math.min(N, (i + 1) * Bc) - 1;
  return causal && j * Bc > lastRow;
}

/** The first query row that reads key block j: 0, or j·Bc under a causal mask (Br = Bc). */
export const firstRowReading = ({ Bc, causal }: TileShape, j: number): number => (causal ? j * Bc : 0);

/** How many key/value blocks query row `row` reads before its output is final. */
export function blocksRead(shape: TileShape, row: number): number {
  const Tc = blockCount(shape.N, shape.Bc);
  return shape.causal ? Math.floor(row / shape.Bc) + 1 : Tc;
}

export type TileCounts = {
  readonly Br: number;
  readonly Bc: number;
  /** Query tiles and key/value blocks. */
  readonly Tr: number;
  readonly Tc: number;
  readonly tiles: number;
  /** Tiles the causal mask lets FlashAttention skip (0 without it). */
  readonly skipped: number;
  /** Scores plain attention holds at once: the whole S (and then P), N·N. */
  readonly plainHeld: number;
  /** Scores one tile holds at once, Br·Bc: all FlashAttention ever keeps of S. */
  readonly tileHeld: number;
  /** Scores computed in all: N·N for plain attention, the unskipped tiles' sizes for FlashAttention. */
  readonly plainComputed: number;
  readonly tiledComputed: number;
};

export function tileCounts(shape: TileShape): TileCounts {
  const { N, Bc } = shape;
  const Tr = blockCount(N, Bc);
  const Tc = blockCount(N, Bc);
  const size = (block: number) => Math.min(N, (block + 1) * Bc) - block * Bc;
  let skipped = 0;
  let tiledComputed = 0;
  for (let i = 0; i < Tr; i++) {
    for (let j = 0; j < Tc; j++) {
      if (tileSkipped(shape, i, j)) skipped++;
      else tiledComputed += size(i) * size(j);
    }
  }
  return { Br: Bc, Bc, Tr, Tc, tiles: Tr * Tc, skipped, plainHeld: N * N, tileHeld: Bc * Bc, plainComputed: N * N, tiledComputed };
}

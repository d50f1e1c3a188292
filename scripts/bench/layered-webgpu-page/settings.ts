// What the layered WebGPU benchmark runs, shared by its page and by scripts/bench/layered-webgpu.ts.
export const BENCH_REPLICA = 'qwen2';
export const PROMPT_TOKENS = 8;
/** Decode steps before the clock starts: the first ones build sessions and compile shaders for one token. */
export const WARM_UP_TOKENS = 2;
export const DECODE_TOKENS = 16;

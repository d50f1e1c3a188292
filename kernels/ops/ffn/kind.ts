// The four MLP shapes the families use, by the name the whole code base gives them (the model spec,
// the standalone FFN graph, the tests). docs/checkpoint-formats.md §8 has the math.
//
//   swiglu            down(silu(gate(x)) ⊙ up(x))                          LLaMA, Qwen2, Baichuan
//   swiglu-chunked    y = dense_h_to_4h(x) [2F]; dense_4h_to_h(silu(y[:F]) ⊙ y[F:])   ChatGLM2/3
//   qwen-w1-silu-w2   c_proj(w1(x) ⊙ silu(w2(x))), w2 the gate             first-generation Qwen
//   gelu-tanh         dense_4h_to_h(gelu_tanh(dense_h_to_4h(x)))           ChatGLM-6B

export type FfnKind = 'swiglu' | 'swiglu-chunked' | 'qwen-w1-silu-w2' | 'gelu-tanh';

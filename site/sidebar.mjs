// The sidebar: one group of family articles, one group of idea articles. Entries are slugs without
// the locale; Starlight links each to the reader's language and takes the label from the page title.
export const familySlugs = ['families/llama', 'families/llama-2', 'families/chatglm', 'families/baichuan', 'families/qwen'];
export const ideaSlugs = [
  'ideas/normalization',
  'ideas/activations',
  'ideas/rope',
  'ideas/attention-variants',
  'ideas/flash-attention',
  'ideas/alibi',
  'ideas/causal-vs-prefix',
  'ideas/tokenizers',
  'ideas/chat-templates',
  'ideas/quantization',
  'ideas/compare',
  'ideas/faq',
];

export const sidebar = [
  { label: 'Model families', translations: { 'zh-CN': '模型家族' }, items: familySlugs },
  { label: 'Ideas', translations: { 'zh-CN': '核心思想' }, items: ideaSlugs },
];

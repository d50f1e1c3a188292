// Every sentence of the chat-template widget, in both languages. The component renders the static
// labels at build time; the client script builds the counts, marker lines, errors and notes from this table.
import type { MarkerCount } from '../../../kernels/tokenizers/chat-counts.ts';
import type { ChatFormatId } from '../../../kernels/tokenizers/chat-formats.ts';
import type { Lang } from '../shared/lang.ts';
import { MAX_TURNS, type ChatNote, type ChatRole, type ChatTurn } from './state.ts';

export type ChatCountsText = { readonly total: number; readonly template: number; readonly message: number; readonly both: number };

export type ChatTemplateStrings = {
  readonly title: string;
  readonly intro: string;
  readonly formatLegend: string;
  readonly formats: Record<ChatFormatId, { readonly name: string; readonly note: string }>;
  readonly systemLabel: string;
  readonly turnsLabel: string;
  readonly roles: Record<ChatRole, string>;
  /** The label of turn `n` (from 1), whose role is `role`. */
  readonly turnLabel: (n: number, role: string) => string;
  readonly roleLabel: (n: number) => string;
  readonly removeTurn: (n: number) => string;
  readonly addTurn: string;
  readonly generationPrompt: string;
  /** Said under Llama 2 while the generation prompt is ticked: the format has none of its own. */
  readonly noGenerationPrompt: string;
  readonly run: string;
  readonly idleStatus: string;
  readonly loadingStatus: (vocab: string) => string;
  readonly loaded: (ms: number) => string;
  readonly promptLabel: string;
  readonly legendTemplate: string;
  readonly legendMessage: string;
  readonly legendSpecial: string;
  readonly tokensLabel: string;
  readonly counts: (counts: ChatCountsText) => string;
  /** When the vocabulary's normalizer changed the text and tokens cannot be told apart by origin. */
  readonly noSplit: (total: number) => string;
  readonly marker: (marker: MarkerCount) => string;
  readonly chipTitle: (tokens: readonly string[], ids: readonly number[], bytes: string) => string;
  /** The note under a long conversation's chips: only the first ones are drawn so far. */
  readonly shownNote: (shown: number, total: number) => string;
  readonly templateError: (detail: string) => string;
  readonly note: (note: ChatNote) => string;
  readonly defaults: { readonly system: string; readonly turns: readonly ChatTurn[] };
  readonly presenterSteps: readonly { readonly caption: string; readonly format: ChatFormatId; readonly generationPrompt: boolean }[];
};

/** The fewest and most pieces a marker took over its places, as "3" or "3–4". */
function pieceRange(marker: MarkerCount): { text: string; most: number } {
  const sizes = marker.places.map((place) => place.length);
  const [least, most] = [Math.min(...sizes), Math.max(...sizes)];
  return { text: least === most ? String(least) : `${least}–${most}`, most };
}

export const CHAT_TEMPLATE_STRINGS: Record<Lang, ChatTemplateStrings> = {
  zh: {
    title: '对话模板拼出的字符串和词元',
    intro:
      '编辑下面的对话，选一种格式：下方先显示模板拼出的完整字符串（带底色的是模板自己写的标记，其余是你的消息），' +
      '再显示该系列的真实词表把它切成的词元，并统计标记和消息各占多少词元。',
    formatLegend: '格式',
    formats: {
      llama2: {
        name: 'Llama 2 Chat（[INST]、<<SYS>>）',
        note: '用 LLaMA 的真实词表（32,000 个词元）切分；<s>、</s> 是它的特殊词元。',
      },
      chatml: {
        name: '千问 ChatML（<|im_start|>、<|im_end|>）',
        note: '用 Qwen3 的真实词表（151,643 个普通词元加 26 个特殊词元）切分。',
      },
    },
    systemLabel: '系统消息（留空表示没有）',
    turnsLabel: '对话轮次',
    roles: { user: '用户', assistant: '助手' },
    turnLabel: (n, role) => `第 ${n} 条消息（${role}）`,
    roleLabel: (n) => `第 ${n} 条消息的角色`,
    removeTurn: (n) => `删除第 ${n} 条`,
    addTurn: '添加一条消息',
    generationPrompt: '加上生成提示（让模型接着写助手的回答）',
    noGenerationPrompt: 'Llama 2 的格式没有单独的生成提示：对话以用户消息结尾时，字符串本来就停在 [/INST] 之后，模型从那里开始回答。',
    run: '拼出并切分',
    idleStatus: '尚未加载词表：第一次拼出时才下载（LLaMA 约 1.2 MB，Qwen3 约 5.4 MB）。不需要 ONNX Runtime。',
    loadingStatus: (vocab) => `正在加载 ${vocab} 的词表……`,
    loaded: (ms) => `其中下载并载入词表 ${Math.round(ms)} 毫秒（仅第一次）`,
    promptLabel: '模板拼出的字符串',
    legendTemplate: '模板的标记',
    legendMessage: '你的消息',
    legendSpecial: '特殊词元',
    tokensLabel: '词元',
    counts: (c) =>
      `共 ${c.total} 个词元：模板写的文字占 ${c.template} 个，消息文字占 ${c.message} 个` +
      (c.both > 0 ? `，另有 ${c.both} 个词元两边的字符都有` : '') +
      '。',
    noSplit: (total) => `共 ${total} 个词元。词表的规范化改动了部分字符，这里无法逐个说出词元来自模板还是消息。`,
    marker: (m) => {
      const pieces = pieceRange(m);
      return m.special
        ? `${m.marker} 出现 ${m.places.length} 次，每次都是一个特殊词元（编号 ${m.places[0]![0]}）`
        : `${m.marker} 出现 ${m.places.length} 次，每次切成 ${pieces.text} 个普通片段`;
    },
    chipTitle: (tokens, ids, bytes) => `词元 ${tokens.join(' ')}；编号 ${ids.join(', ')}；字节 ${bytes}`,
    shownNote: (shown, total) => `${total} 个方块中先画出了前 ${shown} 个（上面的词元统计已算上全部）；滚到方块末尾会继续画。`,
    templateError: (detail) => `这段对话无法按所选格式拼出。\n详情：${detail}`,
    note: (note) => {
      switch (note.kind) {
        case 'unknown-format':
          return `链接里的格式“${note.value}”不存在，已改用默认格式。`;
        case 'bad-roles':
          return `链接里的角色“${note.value}”应只由 u（用户）和 a（助手）组成，已忽略。`;
        case 'too-many-turns':
          return `链接里有 ${note.asked} 条消息，这里最多 ${MAX_TURNS} 条，只保留了前 ${MAX_TURNS} 条。`;
        case 'turn-limit':
          return `最多 ${MAX_TURNS} 条消息：先删掉一条，才能再添加。`;
        case 'bad-generation-flag':
          return `链接里的 chat-gen=“${note.value}”应为 0 或 1，已忽略。`;
        case 'not-in-link':
          return `对话共有 ${note.length} 个字符，太长，不写进链接；分享链接只保留格式、角色和选项。`;
      }
    },
    defaults: {
      system: '你是一位简洁的助手。',
      turns: [
        { role: 'user', text: '用一句话解释什么是词元。' },
        { role: 'assistant', text: '词元是模型读写文字的最小单位。' },
        { role: 'user', text: 'And in English?' },
      ],
    },
    presenterSteps: [
      { caption: 'Llama 2：[INST] 和 <<SYS>> 只是普通文字，被切成好几个片段；只有 <s> 和 </s> 是特殊词元。', format: 'llama2', generationPrompt: true },
      { caption: '同一段对话换成千问的 ChatML：<|im_start|> 和 <|im_end|> 各是一个特殊词元。', format: 'chatml', generationPrompt: true },
      { caption: '去掉生成提示：结尾的“<|im_start|>assistant”一行没有了，模型不知道该由助手接话。', format: 'chatml', generationPrompt: false },
    ],
  },
  en: {
    title: 'The string a chat template builds, and its tokens',
    intro:
      'Edit the conversation below and pick a format: first comes the whole string the template builds (the tinted parts are the markers the template writes, the rest is your messages), ' +
      'then the tokens the family’s real vocabulary makes of it, with how many go to the markers and how many to the messages.',
    formatLegend: 'Format',
    formats: {
      llama2: {
        name: 'Llama 2 Chat ([INST], <<SYS>>)',
        note: 'Tokenized with LLaMA’s real vocabulary (32,000 tokens), in which <s> and </s> are special tokens.',
      },
      chatml: {
        name: 'Qwen ChatML (<|im_start|>, <|im_end|>)',
        note: 'Tokenized with Qwen3’s real vocabulary (151,643 ordinary tokens and 26 special ones).',
      },
    },
    systemLabel: 'System message (leave empty for none)',
    turnsLabel: 'Turns',
    roles: { user: 'User', assistant: 'Assistant' },
    turnLabel: (n, role) => `Message ${n} (${role})`,
    roleLabel: (n) => `Role of message ${n}`,
    removeTurn: (n) => `Remove message ${n}`,
    addTurn: 'Add a message',
    generationPrompt: 'Add the generation prompt (the model writes the assistant’s answer next)',
    noGenerationPrompt: 'Llama 2’s format has no generation prompt of its own: when the conversation ends with a user message, the string already stops after [/INST], where the model starts its answer.',
    run: 'Build and tokenize',
    idleStatus: 'No vocabulary loaded yet: it downloads on the first build (LLaMA about 1.2 MB, Qwen3 about 5.4 MB). No ONNX Runtime is needed.',
    loadingStatus: (vocab) => `Loading the ${vocab} vocabulary…`,
    loaded: (ms) => `of which ${Math.round(ms)} ms downloading and loading the vocabulary (first time only)`,
    promptLabel: 'The string the template builds',
    legendTemplate: 'the template’s markers',
    legendMessage: 'your messages',
    legendSpecial: 'special token',
    tokensLabel: 'Tokens',
    counts: (c) =>
      `${c.total} tokens: ${c.template} hold the template’s text, ${c.message} the messages’ text` +
      (c.both > 0 ? `, and ${c.both} ${c.both === 1 ? 'holds' : 'hold'} characters of both` : '') +
      '.',
    noSplit: (total) => `${total} tokens. The vocabulary’s normalizer changed some characters, so the tokens cannot be told apart here as the template’s or the messages’.`,
    marker: (m) => {
      const pieces = pieceRange(m);
      const times = m.places.length === 1 ? 'once' : `${m.places.length} times`;
      return m.special
        ? `${m.marker}, ${times}: one special token each time (id ${m.places[0]![0]})`
        : `${m.marker}, ${times}: ${pieces.text} ordinary ${pieces.most === 1 ? 'piece' : 'pieces'} each time`;
    },
    chipTitle: (tokens, ids, bytes) => `token ${tokens.join(' ')}; id ${ids.join(', ')}; bytes ${bytes}`,
    shownNote: (shown, total) => `The first ${shown} of ${total} boxes are drawn so far (the token counts above include them all); scroll to the end of the boxes to draw more.`,
    templateError: (detail) => `This conversation cannot be laid out in the chosen format.\nDetails: ${detail}`,
    note: (note) => {
      switch (note.kind) {
        case 'unknown-format':
          return `The link asks for a format “${note.value}” that does not exist; using the default.`;
        case 'bad-roles':
          return `The link’s roles “${note.value}” should be only u (user) and a (assistant); ignored.`;
        case 'too-many-turns':
          return `The link has ${note.asked} messages; the editor holds at most ${MAX_TURNS}, so the first ${MAX_TURNS} are kept.`;
        case 'turn-limit':
          return `At most ${MAX_TURNS} messages: remove one before adding another.`;
        case 'bad-generation-flag':
          return `The link's chat-gen=“${note.value}” should be 0 or 1; ignored.`;
        case 'not-in-link':
          return `The conversation has ${note.length} characters, too long for a link; a shared link keeps the format, roles and options only.`;
      }
    },
    defaults: {
      system: 'You are a concise assistant.',
      turns: [
        { role: 'user', text: 'What is a token, in one sentence?' },
        { role: 'assistant', text: 'A token is the unit of text a model reads and writes.' },
        { role: 'user', text: '用中文再说一遍？' },
      ],
    },
    presenterSteps: [
      { caption: 'Llama 2: [INST] and <<SYS>> are ordinary text, cut into several pieces; only <s> and </s> are special tokens.', format: 'llama2', generationPrompt: true },
      { caption: 'The same conversation in Qwen’s ChatML: <|im_start|> and <|im_end|> are one special token each.', format: 'chatml', generationPrompt: true },
      { caption: 'Without the generation prompt the closing “<|im_start|>assistant” line is gone: nothing tells the model that the assistant speaks next.', format: 'chatml', generationPrompt: false },
    ],
  },
};

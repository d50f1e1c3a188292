// Every sentence of the hub part (the model panel's; the tokenizer widget uses its fields and messages), in both languages. The plan's numbers come from
// kernels/hub/plan.ts; the words around them are here. Kernel messages (file names, HTTP statuses)
// stay as the kernels wrote them and follow a sentence in the page's language that says what to do.
import { formatBytes } from '../../../kernels/format-bytes.ts';
import type { Lang } from './lang.ts';
import type { FailureKind } from './hub-source.ts';
import type { HubNote } from './hub-state.ts';

/** What the plan card needs of kernels/hub/plan.ts's plan (the live module hands it over). */
export type PlanFigures = {
  /** The model's name (the architecture card gives its details in the page's language). */
  readonly name: string;
  readonly dtypes: readonly string[];
  readonly parameters: number;
  readonly downloadBytes: number;
  readonly files: number;
  readonly fetched: { readonly bytes: number; readonly requests: number };
  readonly memory: {
    readonly mode: 'resident' | 'layer-by-layer' | 'cannot-run';
    readonly budgetBytes: number;
    readonly residentBytes: number;
    readonly layerByLayerBytes: number;
    readonly weightBytes: number;
    readonly wouldFit?: { readonly budgetBytes: number; readonly parameters: number };
  };
};

export type { FailureKind } from './hub-source.ts';

export type HubStrings = {
  readonly summary: string;
  readonly intro: string;
  readonly hubLabel: string;
  readonly siteHub: string;
  readonly repoLabel: string;
  readonly revisionLabel: string;
  readonly tokenLabel: string;
  readonly tokenHint: string;
  readonly readHeaders: string;
  readonly download: string;
  readonly cancel: string;
  readonly planTitle: string;
  readonly planTerms: {
    readonly family: string;
    readonly dtype: string;
    readonly parameters: string;
    readonly download: string;
    readonly memory: string;
    readonly fetched: string;
  };
  readonly parameters: (n: number) => string;
  readonly downloadSize: (bytes: number, files: number) => string;
  readonly fetched: (bytes: number, requests: number) => string;
  readonly memoryMode: (memory: PlanFigures['memory']) => string;
  readonly planning: (repo: string) => string;
  readonly planned: string;
  readonly downloading: (loaded: number, total: number, bytesPerSecond: number | undefined, secondsLeft: number | undefined) => string;
  readonly progressLabel: string;
  readonly opened: (repo: string) => string;
  readonly emptyRepo: string;
  readonly failure: (kind: FailureKind, detail: string) => string;
  readonly note: (note: HubNote) => string;
  readonly cacheTitle: string;
  readonly cacheEmpty: string;
  readonly cacheUnavailable: string;
  readonly cacheEntry: (repo: string, revision: string, hub: string, bytes: number) => string;
  readonly free: string;
  readonly freeLabel: (repo: string) => string;
  readonly freed: (repo: string) => string;
  /** The model menu's entry for a checkpoint from a hub. */
  readonly menuOption: (repo: string) => string;
};

const b = formatBytes;

/** A parameter count in words: '494 million', '6.74 billion'; '4.94 亿', '5000 万'. */
function count(n: number, lang: Lang): string {
  if (lang === 'zh') return n >= 1e8 ? `${(n / 1e8).toPrecision(3)} 亿` : `${(n / 1e4).toPrecision(3)} 万`;
  return n >= 1e9 ? `${(n / 1e9).toPrecision(3)} billion` : `${(n / 1e6).toPrecision(3)} million`;
}

/** Minutes and seconds, rounded up to whole seconds. */
function duration(seconds: number, lang: Lang): string {
  const s = Math.ceil(seconds);
  const m = Math.floor(s / 60);
  if (lang === 'zh') return m === 0 ? `${s} 秒` : `${m} 分 ${s % 60} 秒`;
  return m === 0 ? `${s} s` : `${m} min ${s % 60} s`;
}

const en: HubStrings = {
  summary: 'Load a released model from a hub',
  intro:
    'Reads config.json and the safetensors headers first, a few kilobytes: you see the family, the size and whether it fits before any weight is downloaded.',
  hubLabel: 'Hub',
  siteHub: 'This site (/hub/)',
  repoLabel: 'Repository (organisation/name)',
  revisionLabel: 'Revision (branch, tag or commit)',
  tokenLabel: 'Access token, for gated repositories',
  tokenHint: 'Kept in this page’s memory only: never stored, never put in a link. Sent to the hub alone, not to the storage hosts it redirects to.',
  readHeaders: 'Read headers',
  download: 'Download and run',
  cancel: 'Cancel',
  planTitle: 'What the headers say',
  planTerms: {
    family: 'Family',
    dtype: 'Weights stored as',
    parameters: 'Parameters',
    download: 'To download',
    memory: 'Memory plan',
    fetched: 'Read so far',
  },
  parameters: (n) => `${count(n, 'en')} (${n.toLocaleString('en')})`,
  downloadSize: (bytes, files) => `${b(bytes)} in ${files} file${files === 1 ? '' : 's'}`,
  fetched: (bytes, requests) => `${b(bytes)} in ${requests} requests (config and headers, no weights)`,
  memoryMode: (m) => {
    switch (m.mode) {
      case 'resident':
        return `Fits: all layers need about ${b(m.residentBytes)} of the ${b(m.budgetBytes)} this page counts on. Generation works.`;
      case 'layer-by-layer':
        return `Layer by layer: all layers at once need ${b(m.residentBytes)}, more than ${b(m.budgetBytes)}; one layer at a time needs ${b(m.layerByLayerBytes)}, each run reading the layers from this browser’s storage. Inspection of the prompt only, no generation.`;
      case 'cannot-run': {
        const would = m.wouldFit;
        const fits =
          would === undefined
            ? ''
            : ` It would need ${b(would.budgetBytes)}; within ${b(m.budgetBytes)}, a model of up to ${count(would.parameters, 'en')} parameters at this precision runs with all layers resident.`;
        return `Refused: all layers need ${b(m.residentBytes)}, and even one layer at a time needs ${b(m.layerByLayerBytes)}, more than the ${b(m.budgetBytes)} this page counts on.${fits}`;
      }
    }
  },
  planning: (repo) => `Reading config.json and the safetensors headers of ${repo}…`,
  planned: 'Headers read; no weight downloaded yet.',
  downloading: (loaded, total, rate, left) =>
    `${b(loaded)} of ${b(total)}` +
    (rate === undefined ? '' : ` · ${b(rate)}/s`) +
    (left === undefined ? '' : ` · about ${duration(left, 'en')} left`),
  progressLabel: 'Download progress',
  opened: (repo) => `${repo} is open above.`,
  emptyRepo: 'Type a repository id such as Qwen/Qwen2.5-0.5B, or pick one from the list.',
  failure: (kind, detail) => {
    const lead: Record<Exclude<FailureKind, 'other'>, string> = {
      'not-found': 'Not found on this hub: check the repository id, the revision and the hub.',
      gated: 'This repository is gated: accept its license on the hub’s website, then paste an access token above.',
      network:
        'No answer from the hub: you may be offline, or the hub refuses requests from web pages (CORS). Try another hub, or try again.',
      http: 'The hub answered with an error. Try again later.',
      dropped: 'The connection dropped and resuming failed. Download again: the parts already finished are kept.',
      truncated: 'The hub sent a file of the wrong length. Download again.',
      cancelled: 'Download cancelled. The parts already finished are kept; Download resumes from them.',
      checkpoint: 'This checkpoint cannot run here.',
    };
    return kind === 'other' ? detail : `${lead[kind]}\nDetails: ${detail}`;
  },
  note: (note) => `The link names the hub “${note.value}”, which this site does not offer (it offers ${note.hubs.join(', ')}); nothing is fetched from it. Pick a hub below.`,
  cacheTitle: 'Models kept in this browser',
  cacheEmpty: 'None yet: downloaded weights are kept here for the next visit.',
  cacheUnavailable: 'This browser keeps no files for this page (no Cache Storage here): every load downloads.',
  cacheEntry: (repo, revision, hub, bytes) => `${repo} @ ${revision} (${hub}): ${b(bytes)}`,
  free: 'Free',
  freeLabel: (repo) => `Free the space ${repo} takes`,
  freed: (repo) => `${repo} was removed from this browser’s storage.`,
  menuOption: (repo) => `${repo} (from the hub)`,
};

const zh: HubStrings = {
  summary: '从模型库加载已发布的模型',
  intro: '先读取 config.json 和 safetensors 文件头，只有几 KB：下载任何权重之前，就能看到模型家族、大小以及能否放进内存。',
  hubLabel: '模型库',
  siteHub: '本站（/hub/）',
  repoLabel: '仓库（组织/名称）',
  revisionLabel: '版本（分支、标签或提交）',
  tokenLabel: '访问令牌（受限仓库需要）',
  tokenHint: '只保存在本页面的内存里：不会被存储，也不会写进链接。只发给模型库本身，不会发给它重定向到的存储主机。',
  readHeaders: '读取文件头',
  download: '下载并运行',
  cancel: '取消',
  planTitle: '文件头给出的信息',
  planTerms: {
    family: '模型家族',
    dtype: '权重存储格式',
    parameters: '参数量',
    download: '需要下载',
    memory: '内存方案',
    fetched: '目前已读取',
  },
  parameters: (n) => `${count(n, 'zh')}（${n.toLocaleString('zh-CN')}）`,
  downloadSize: (bytes, files) => `${b(bytes)}，共 ${files} 个文件`,
  fetched: (bytes, requests) => `${b(bytes)}，${requests} 次请求（只有配置和文件头，没有权重）`,
  memoryMode: (m) => {
    switch (m.mode) {
      case 'resident':
        return `放得下：全部层约需 ${b(m.residentBytes)}，本页面按 ${b(m.budgetBytes)} 的内存估算。可以生成文本。`;
      case 'layer-by-layer':
        return `逐层运行：全部层同时驻留需要 ${b(m.residentBytes)}，超过 ${b(m.budgetBytes)}；一次只放一层需要 ${b(m.layerByLayerBytes)}，每次运行都从浏览器的存储里逐层读取权重。只能检查提示词的前向计算，不能生成。`;
      case 'cannot-run': {
        const would = m.wouldFit;
        const fits =
          would === undefined
            ? ''
            : `它需要 ${b(would.budgetBytes)}；在 ${b(m.budgetBytes)} 之内，这种精度下参数量不超过 ${count(would.parameters, 'zh')} 的模型可以让全部层同时驻留。`;
        return `无法运行：全部层需要 ${b(m.residentBytes)}，即使一次只放一层也需要 ${b(m.layerByLayerBytes)}，超过本页面估算的 ${b(m.budgetBytes)}。${fits}`;
      }
    }
  },
  planning: (repo) => `正在读取 ${repo} 的 config.json 和 safetensors 文件头……`,
  planned: '文件头已读取，尚未下载任何权重。',
  downloading: (loaded, total, rate, left) =>
    `已下载 ${b(loaded)} / ${b(total)}` +
    (rate === undefined ? '' : ` · ${b(rate)}/s`) +
    (left === undefined ? '' : ` · 约剩 ${duration(left, 'zh')}`),
  progressLabel: '下载进度',
  opened: (repo) => `${repo} 已在上方打开。`,
  emptyRepo: '请输入仓库名，例如 Qwen/Qwen2.5-0.5B，或从列表中选择。',
  failure: (kind, detail) => {
    const lead: Record<Exclude<FailureKind, 'other'>, string> = {
      'not-found': '在这个模型库里找不到：请检查仓库名、版本和所选的模型库。',
      gated: '这是受限仓库：请先在模型库网站上接受它的许可协议，再在上面填入访问令牌。',
      network: '模型库没有响应：可能是网络断开，或者该模型库拒绝网页的跨域请求（CORS）。可以换一个模型库，或者重试。',
      http: '模型库返回了错误，请稍后重试。',
      dropped: '连接中断，续传也失败了。请重新下载：已经下载完的部分会保留。',
      truncated: '模型库发来的文件长度不对，请重新下载。',
      cancelled: '下载已取消。已经下载完的部分会保留，再次下载时从它们接着开始。',
      checkpoint: '这个检查点无法在这里运行。',
    };
    return kind === 'other' ? detail : `${lead[kind]}\n详情：${detail}`;
  },
  note: (note) => `链接里指定的模型库“${note.value}”不在本站提供的范围内（本站提供：${note.hubs.join('、')}），不会从它获取任何内容。请在下面选择一个模型库。`,
  cacheTitle: '保存在本浏览器中的模型',
  cacheEmpty: '暂无：下载过的权重会保存在这里，下次访问时直接使用。',
  cacheUnavailable: '这个浏览器不为本页面保存文件（没有 Cache Storage）：每次加载都要重新下载。',
  cacheEntry: (repo, revision, hub, bytes) => `${repo} @ ${revision}（${hub}）：${b(bytes)}`,
  free: '释放',
  freeLabel: (repo) => `释放 ${repo} 占用的空间`,
  freed: (repo) => `已从本浏览器的存储中删除 ${repo}。`,
  menuOption: (repo) => `${repo}（来自模型库）`,
};

export const HUB_STRINGS: Record<Lang, HubStrings> = { en, zh };

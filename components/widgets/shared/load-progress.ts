// The status line while a widget's first run waits: what is loading and how far along it is
// (kernels/runtime/progress.ts reports it), in the page's language.
import { onLoadProgress, type LoadProgress } from '../../../kernels/runtime/progress.ts';
import type { Lang } from './lang.ts';

const megabytes = (bytes: number) => (bytes / 1e6).toFixed(1);
const percent = (loaded: number, total: number) => Math.round((100 * loaded) / total);

const TEXT: Record<Lang, (p: LoadProgress) => string> = {
  en: (p) => {
    switch (p.stage) {
      case 'runtime':
        return 'Loading the runtime (onnxruntime-web)…';
      case 'wasm':
        return p.total === undefined
          ? `Downloading the runtime’s WebAssembly: ${megabytes(p.loaded ?? 0)} MB…`
          : `Downloading the runtime’s WebAssembly: ${megabytes(p.loaded ?? 0)} of ${megabytes(p.total)} MB (${percent(p.loaded ?? 0, p.total)}%)…`;
      case 'weights':
        if (p.loaded === undefined) return 'Reading the model’s weights and tokenizer…';
        return p.total === undefined
          ? `Downloading the model’s weights and tokenizer: ${megabytes(p.loaded)} MB…`
          : `Downloading the model’s weights and tokenizer: ${megabytes(p.loaded)} of ${megabytes(p.total)} MB (${percent(p.loaded, p.total)}%)…`;
      case 'session':
        return 'Compiling the computation graph for this backend (the first time takes a few seconds)…';
    }
  },
  zh: (p) => {
    switch (p.stage) {
      case 'runtime':
        return '正在加载运行时（onnxruntime-web）……';
      case 'wasm':
        return p.total === undefined
          ? `正在下载运行时的 WebAssembly：${megabytes(p.loaded ?? 0)} MB……`
          : `正在下载运行时的 WebAssembly：${megabytes(p.loaded ?? 0)} / ${megabytes(p.total)} MB（${percent(p.loaded ?? 0, p.total)}%）……`;
      case 'weights':
        if (p.loaded === undefined) return '正在读取模型权重和分词器……';
        return p.total === undefined
          ? `正在下载模型权重和分词器：${megabytes(p.loaded)} MB……`
          : `正在下载模型权重和分词器：${megabytes(p.loaded)} / ${megabytes(p.total)} MB（${percent(p.loaded, p.total)}%）……`;
      case 'session':
        return '正在为当前后端编译计算图（第一次需要几秒钟）……';
    }
  },
};

export function loadProgressText(progress: LoadProgress, lang: Lang): string {
  return TEXT[lang](progress);
}

/** While `root` is loading, its status line follows the load reports (data-load-stage says which). */
export function followLoadProgress(root: HTMLElement, status: HTMLElement, lang: Lang): void {
  onLoadProgress((progress) => {
    if (root.dataset['state'] !== 'loading') return;
    root.dataset['loadStage'] = progress.stage;
    status.textContent = loadProgressText(progress, lang);
  });
}

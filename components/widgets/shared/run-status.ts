// The backend and timing badge shown after every live run: which backend computed the numbers
// (WebGPU or WASM), how long the computation and the whole update took, and, when WASM ran because
// WebGPU could not start, why. The same facts go on the widget root as data attributes, where the
// browser tests and the benchmark read them.
import type { Lang } from './lang.ts';

export type RunReport = {
  /** Where it ran: ORT's WebGPU or WASM, our float64 reference, or plain JavaScript on the CPU (tokenizers, pure data). */
  readonly backend: 'webgpu' | 'wasm' | 'reference' | 'javascript';
  /** Why WebGPU was not used, when it was wanted; undefined when WebGPU ran or was never tried. */
  readonly fallbackReason: string | undefined;
  /** Time inside the runtime (session.run). */
  readonly runMs: number;
  /** Time from the control change to the charts being in the DOM. */
  readonly updateMs: number;
};

const BACKEND_NAMES: Record<RunReport['backend'], string> = { webgpu: 'WebGPU', wasm: 'WASM', reference: 'CPU (float64)', javascript: 'CPU (JavaScript)' };

const TEXT: Record<Lang, { compute: string; update: string; unavailable: (reason: string) => string; ms: string }> = {
  en: {
    compute: 'compute',
    update: 'update',
    unavailable: (reason) => `WebGPU unavailable: ${reason} — ran on WASM`,
    ms: 'ms',
  },
  zh: {
    compute: '计算',
    update: '更新',
    unavailable: (reason) => `WebGPU 不可用：${reason}——已改用 WASM 运行`,
    ms: '毫秒',
  },
};

/**
 * The runtime states its reasons in English (kernels/runtime/browser.ts, runtime.ts). Chinese pages
 * translate the fixed ones and the fixed start of the others; an error's own text (from ORT or the
 * browser) stays as it came.
 */
const ZH_REASONS: readonly (readonly [RegExp, string])[] = [
  [/^this browser has no WebGPU$/, '此浏览器没有 WebGPU'],
  [/^no WebGPU adapter is available$/, '没有可用的 WebGPU 适配器'],
  [/^WebGPU adapter request failed: /, '请求 WebGPU 适配器失败：'],
  [/^WebGPU failed: /, 'WebGPU 运行出错：'],
];

export function reasonText(reason: string, lang: Lang): string {
  if (lang === 'en') return reason;
  for (const [pattern, zh] of ZH_REASONS) if (pattern.test(reason)) return reason.replace(pattern, zh);
  return reason;
}

export function backendName(backend: RunReport['backend']): string {
  return BACKEND_NAMES[backend];
}

/** The badge's text after the backend name, e.g. "compute 1.2 ms · update 9 ms". */
export function timingText(report: RunReport, lang: Lang): string {
  const t = TEXT[lang];
  return `${t.compute} ${report.runMs.toFixed(1)} ${t.ms} · ${t.update} ${Math.round(report.updateMs)} ${t.ms}`;
}

/** The fallback sentence, or '' when there was nothing to fall back from. */
export function fallbackText(report: RunReport, lang: Lang): string {
  return report.backend === 'wasm' && report.fallbackReason ? TEXT[lang].unavailable(reasonText(report.fallbackReason, lang)) : '';
}

/** Writes the badge into `status` and the data attributes onto `root`. */
export function showRunReport(root: HTMLElement, status: HTMLElement, report: RunReport, lang: Lang): void {
  root.dataset['backend'] = report.backend;
  root.dataset['fallbackReason'] = report.fallbackReason ?? '';
  root.dataset['updateMs'] = report.updateMs.toFixed(1);

  const badge = document.createElement('span');
  badge.className = 'backend-badge';
  badge.dataset['backend'] = report.backend;
  badge.textContent = backendName(report.backend);
  const parts: (Node | string)[] = [badge, ` ${timingText(report, lang)}`];
  const fallback = fallbackText(report, lang);
  if (fallback !== '') parts.push(document.createElement('br'), fallback);
  status.replaceChildren(...parts);
}

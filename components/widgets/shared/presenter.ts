// Presenter mode for the classroom: one widget fills the screen, its type grows so the back row can
// read it, and the arrow keys walk through a short scripted sequence of states (the widget's
// "steps"). Each step is a set of the widget's own URL parameters, applied through the same path a
// shared link takes, so a step shows exactly what a link with those parameters would show.
//
// Keys: → / PageDown / Space next step, ← / PageUp previous, Home / End first / last, Escape leaves.
// `?present=1` opens the page's first widget in presenter mode; `?present=<name>` the widget whose
// root has data-widget="<name>".
import type { Lang } from './lang.ts';

/** URL parameters of one widget's namespace; null removes a parameter (back to its default). */
export type StepParams = Readonly<Record<string, string | null>>;

/** One state of a widget's script, with the sentence the presenter reads out beside it. */
export type PresenterStep = { readonly caption: string; readonly params: StepParams };

export type PresenterOptions = {
  readonly lang: Lang;
  readonly steps: readonly PresenterStep[];
  /** Puts the widget into the state `params` describe and draws it (the path a link takes). */
  readonly apply: (params: StepParams) => void;
};

const TEXT: Record<Lang, { previous: string; next: string; exit: string; step: (at: number, of: number) => string }> = {
  en: { previous: 'Previous', next: 'Next', exit: 'Exit (Esc)', step: (at, of) => `Step ${at} of ${of}` },
  zh: { previous: '上一步', next: '下一步', exit: '退出（Esc）', step: (at, of) => `第 ${at} 步，共 ${of} 步` },
};

/** The step after `at` for a key, or undefined when the key is not one of presenter mode's. */
export function stepForKey(key: string, at: number, count: number): number | undefined {
  switch (key) {
    case 'ArrowRight':
    case 'PageDown':
    case ' ':
      return Math.min(at + 1, count - 1);
    case 'ArrowLeft':
    case 'PageUp':
      return Math.max(at - 1, 0);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return undefined;
  }
}

/** Which widget `?present=` asks for: '1' (or empty) means the first one on the page. */
export function presentTarget(search: string): { readonly first: true } | { readonly name: string } | undefined {
  const value = new URLSearchParams(search).get('present');
  if (value === null) return undefined;
  return value === '' || value === '1' ? { first: true } : { name: value };
}

function button(label: string, action: string): HTMLButtonElement {
  const element = document.createElement('button');
  element.type = 'button';
  element.dataset['presenter'] = action;
  element.textContent = label;
  return element;
}

/**
 * Wires the widget's `button[data-action="present"]` to presenter mode. While presenting, the root
 * carries `data-presenting` (widget.css enlarges and fixes it to the viewport) and a bar with the
 * step's caption, its number and the buttons; the root's `data-step` is the step shown.
 */
export function attachPresenter(root: HTMLElement, { lang, steps, apply }: PresenterOptions): void {
  const text = TEXT[lang];
  const trigger = root.querySelector<HTMLButtonElement>('button[data-action="present"]');
  if (trigger === null || steps.length === 0) return;

  const caption = document.createElement('p');
  caption.className = 'presenter-caption';
  caption.setAttribute('aria-live', 'polite');
  const counter = document.createElement('span');
  counter.className = 'presenter-counter';
  const previous = button(text.previous, 'previous');
  const next = button(text.next, 'next');
  const exit = button(text.exit, 'exit');
  const bar = document.createElement('div');
  bar.className = 'presenter-bar';
  bar.append(caption, counter, previous, next, exit);

  let at = 0;
  const show = (step: number): void => {
    at = step;
    const current = steps[step];
    if (current === undefined) return;
    root.dataset['step'] = String(step);
    caption.textContent = current.caption;
    counter.textContent = text.step(step + 1, steps.length);
    previous.disabled = step === 0;
    next.disabled = step === steps.length - 1;
    apply(current.params);
  };

  const onKey = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
      return;
    }
    // Keys typed into a field belong to the field.
    const target = event.target as HTMLElement | null;
    if (target?.closest('input, textarea, select') && event.key !== 'PageDown' && event.key !== 'PageUp') return;
    const step = stepForKey(event.key, at, steps.length);
    if (step === undefined) return;
    event.preventDefault();
    if (step !== at) show(step);
  };

  function open(): void {
    if (root.hasAttribute('data-presenting')) return;
    root.toggleAttribute('data-presenting', true);
    document.documentElement.toggleAttribute('data-presenting', true);
    // The top layer (a manual popover) puts the widget above everything on the page, whatever
    // stacking contexts its ancestors make; full screen needs a click, the popover does not.
    root.setAttribute('popover', 'manual');
    root.showPopover?.();
    root.prepend(bar);
    document.addEventListener('keydown', onKey);
    // Full screen where the browser allows it; the fixed, enlarged layout works without it too.
    root.requestFullscreen?.().catch(() => undefined);
    show(0);
    next.focus();
  }

  function close(): void {
    if (!root.hasAttribute('data-presenting')) return;
    root.removeAttribute('data-presenting');
    document.documentElement.removeAttribute('data-presenting');
    if (typeof root.hidePopover === 'function' && root.matches(':popover-open')) root.hidePopover();
    root.removeAttribute('popover');
    delete root.dataset['step'];
    bar.remove();
    document.removeEventListener('keydown', onKey);
    if (document.fullscreenElement === root) document.exitFullscreen().catch(() => undefined);
    trigger?.focus();
  }

  trigger.addEventListener('click', open);
  previous.addEventListener('click', () => show(Math.max(at - 1, 0)));
  next.addEventListener('click', () => show(Math.min(at + 1, steps.length - 1)));
  exit.addEventListener('click', close);
  // Leaving full screen with the browser's own key (Escape is taken by it) leaves presenter mode too.
  document.addEventListener('fullscreenchange', () => {
    if (document.fullscreenElement === null && root.hasAttribute('data-presenting')) close();
  });

  const wanted = presentTarget(location.search);
  if (wanted === undefined) return;
  const first = document.querySelector('[data-widget]');
  if ('first' in wanted ? first === root : root.dataset['widget'] === wanted.name) open();
}

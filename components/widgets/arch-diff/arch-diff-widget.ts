// The compare widget's client controller: two selects and a swap button, the table redrawn from the
// catalog on each change (rows.ts, pure), the URL kept in step. Nothing to load: the diff is data.
import { modelById } from '../../../kernels/families/catalog.ts';
import { widgetElements } from '../shared/controller.ts';
import { langOf } from '../shared/lang.ts';
import { showMessages } from '../shared/message-area.ts';
import { attachPresenter } from '../shared/presenter.ts';
import { showRunReport } from '../shared/run-status.ts';
import { hasNamespace, replaceUrlParams } from '../shared/url-state.ts';
import { diffView } from './rows.ts';
import { ARCH_DIFF_DEFAULT, ARCH_DIFF_NAMESPACE, ARCH_DIFF_PARAMS, isModelId, parseArchDiffState, serializeArchDiffState, type ArchDiffNote, type ArchDiffState } from './state.ts';
import { ARCH_DIFF_STRINGS } from './strings.ts';

function cell(tag: 'th' | 'td', content: Node | string): HTMLElement {
  const element = document.createElement(tag);
  element.append(content);
  if (tag === 'th') element.scope = 'row';
  return element;
}

function mountArchDiffWidget(root: HTMLElement): void {
  const lang = langOf(root.dataset['lang']);
  const s = ARCH_DIFF_STRINGS[lang];
  const { find, role } = widgetElements(root, 'compare widget');
  const selects = { a: find<HTMLSelectElement>(`select[name="${ARCH_DIFF_PARAMS.a}"]`), b: find<HTMLSelectElement>(`select[name="${ARCH_DIFF_PARAMS.b}"]`) };

  const read = (): ArchDiffState => {
    const a = selects.a.value;
    const b = selects.b.value;
    return { a: isModelId(a) ? a : ARCH_DIFF_DEFAULT.a, b: isModelId(b) ? b : ARCH_DIFF_DEFAULT.b };
  };

  function draw(state: ArchDiffState, notes: readonly ArchDiffNote[] = []): void {
    const start = performance.now();
    selects.a.value = state.a;
    selects.b.value = state.b;
    const view = diffView(state, lang);
    const names = { a: modelById(state.a).name, b: modelById(state.b).name };
    role('name-a').textContent = names.a;
    role('name-b').textContent = names.b;
    role('caption').textContent = `${names.a} / ${names.b}`;
    role('rows').replaceChildren(
      ...view.rows.map((row) => {
        const tr = document.createElement('tr');
        tr.dataset['aspect'] = row.aspect;
        const link = document.createElement('a');
        link.href = row.href;
        link.textContent = row.label;
        tr.append(cell('th', link), cell('td', row.a), cell('td', row.b));
        return tr;
      }),
    );
    role('summary').textContent = view.summary;
    role('same').textContent = view.same;
    showMessages(role('message'), notes.map(s.note));
    const ms = performance.now() - start;
    showRunReport(root, role('status'), { backend: 'javascript', fallbackReason: undefined, runMs: ms, updateMs: ms }, lang);
    replaceUrlParams(serializeArchDiffState(state));
  }

  selects.a.addEventListener('change', () => draw(read()));
  selects.b.addEventListener('change', () => draw(read()));
  find<HTMLButtonElement>('button[data-action="swap"]').addEventListener('click', () => {
    const { a, b } = read();
    draw({ a: b, b: a });
  });

  attachPresenter(root, {
    lang,
    steps: s.presenterSteps.map(({ caption, a, b }) => ({ caption, params: { [ARCH_DIFF_PARAMS.a]: a, [ARCH_DIFF_PARAMS.b]: b } })),
    apply: (params) => {
      const search = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== null));
      const { state, notes } = parseArchDiffState(`?${search.toString()}`, read());
      draw(state, notes);
    },
  });

  if (hasNamespace(location.search, ARCH_DIFF_NAMESPACE)) {
    const { state, notes } = parseArchDiffState(location.search, read());
    draw(state, notes);
  }
}

export function mountArchDiffWidgets(): void {
  for (const root of document.querySelectorAll<HTMLElement>('section[data-widget="arch-diff"]')) mountArchDiffWidget(root);
}

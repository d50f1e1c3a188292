// The repository explains itself: no tracked file points outside it (a reader who clones it has
// nothing else), and every `docs/<file>.md §N` a comment cites names a section that file has.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { test } from 'node:test';

const root = resolve(import.meta.dirname, '../..');

/** Tracked text files (binary files and lock files say nothing a reader follows). */
function trackedTextFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0');
  return listed.filter((path) => path !== '' && !path.endsWith('package-lock.json') && existsSync(join(root, path)))
    .filter((path) => !readFileSync(join(root, path)).subarray(0, 8000).includes(0));
}

type Hit = { readonly file: string; readonly line: number; readonly text: string };

function* lines(file: string): Generator<{ line: number; text: string }> {
  const text = readFileSync(join(root, file), 'utf8').split('\n');
  for (let i = 0; i < text.length; i++) yield { line: i + 1, text: text[i]! };
}

const show = (hits: readonly Hit[]) => hits.map((h) => `${h.file}:${h.line}: ${h.text.trim()}`).join('\n');

/** Whether a relative path written in `file` climbs out of the repository. */
function leavesRepository(file: string, relativePath: string): boolean {
  const target = relative(root, resolve(root, dirname(file), relativePath));
  return target === '..' || target.startsWith(`..${sep}`);
}

/** `## 3. Title` → '3', `### 5.2 Title` → '5.2': the section numbers a markdown file's headings carry. */
function sectionNumbers(markdown: string): Set<string> {
  const numbers = new Set<string>();
  for (const heading of markdown.matchAll(/^#{1,6}\s+(\d+(?:\.\d+)*)\.?\s/gm)) numbers.add(heading[1]!);
  return numbers;
}

/** Every `docs/x.md §A, §B–§C` citation on a line: the file and the section numbers it names. */
function citations(line: string): { doc: string; sections: string[] }[] {
  const found: { doc: string; sections: string[] }[] = [];
  for (const match of line.matchAll(/(docs\/[\w./-]+\.md)`?((?:\s*(?:,|;|and|–|-)?\s*§\d+(?:\.\d+)*)+)/g)) {
    found.push({ doc: match[1]!, sections: [...match[2]!.matchAll(/§(\d+(?:\.\d+)*)/g)].map((m) => m[1]!) });
  }
  return found;
}

const files = trackedTextFiles();
const self = relative(root, import.meta.filename);

test('section numbers and citations are parsed the way the docs write them', () => {
  assert.deepEqual([...sectionNumbers('# Title\n## 1. Notation\n### 1.2 safetensors\n## 10. Not verified\n')], ['1', '1.2', '10']);
  assert.deepEqual(citations('// (docs/checkpoint-formats.md §5.1, §5.4; modeling_qwen.py:482)'), [
    { doc: 'docs/checkpoint-formats.md', sections: ['5.1', '5.4'] },
  ]);
  assert.deepEqual(citations('(`docs/checkpoint-formats.md` §3.4–§4.4)'), [
    { doc: 'docs/checkpoint-formats.md', sections: ['3.4', '4.4'] },
  ]);
  assert.deepEqual(citations('§3.2, §4.1 and §8.1 of docs/a.md'), []);
  assert.equal(leavesRepository('kernels/x.ts', '../notes/a.md'), false);
  assert.equal(leavesRepository('components/widgets/mask/x.ts', '../shared/lang.ts'), false);
  assert.equal(leavesRepository('scripts/x.py', '../../notes/a.md'), true);
});

test('no tracked file points at a path outside the repository', () => {
  const hits: Hit[] = [];
  for (const file of files) {
    for (const { line, text } of lines(file)) {
      const absolute = /\/work\//.test(text);
      const climbing = [...text.matchAll(/((?:\.\.\/)+)shared\b/g)].some((m) => leavesRepository(file, `${m[1]}shared`));
      const oldCitation = /(?<!docs\/)checkpoint-formats(?:\.md)?\s*§/.test(text);
      if (absolute || climbing || oldCitation) hits.push({ file, line, text });
    }
  }
  assert.equal(hits.length, 0, `paths outside the repository (write the fact into docs/ instead):\n${show(hits)}`);
});

test('every docs/…md §N citation names a file and a section that exist', () => {
  const sectionsOf = new Map<string, Set<string> | null>();
  const broken: Hit[] = [];
  for (const file of files) {
    if (file === self) continue;
    for (const { line, text } of lines(file)) {
      for (const { doc, sections } of citations(text)) {
        if (!sectionsOf.has(doc)) {
          sectionsOf.set(doc, existsSync(join(root, doc)) ? sectionNumbers(readFileSync(join(root, doc), 'utf8')) : null);
        }
        const known = sectionsOf.get(doc);
        const missing = known ? sections.filter((s) => !known.has(s)) : ['(no such file)'];
        if (missing.length > 0) broken.push({ file, line, text: `${doc} ${missing.map((s) => `§${s}`).join(' ')} ← ${text.trim()}` });
      }
    }
  }
  // Inside a doc, a bare §N refers to the doc's own sections.
  for (const doc of files.filter((f) => /^docs\/.*\.md$/.test(f))) {
    const own = sectionNumbers(readFileSync(join(root, doc), 'utf8'));
    for (const { line, text } of lines(doc)) {
      const missing = [...text.matchAll(/§(\d+(?:\.\d+)*)/g)].map((m) => m[1]!).filter((s) => !own.has(s));
      if (missing.length > 0) broken.push({ file: doc, line, text: `${missing.map((s) => `§${s}`).join(' ')} ← ${text.trim()}` });
    }
  }
  assert.ok(sectionsOf.has('docs/checkpoint-formats.md'), 'the code cites docs/checkpoint-formats.md somewhere');
  assert.equal(broken.length, 0, `citations of sections that do not exist:\n${show(broken)}`);
});

// Rewrites tests/fixtures/sentencepiece/ (see sentencepiece_fixture.py): the tests' mixed corpus and
// the held-out poems and paragraphs, encoded by Google's sentencepiece with two small BPE models; then
// tests/fixtures/chatglm/ (see chatglm_fixture.py): the mixed corpus and texts full of line breaks,
// tabs and spaces, as ChatGLM-6B's, ChatGLM2's and ChatGLM3's rules around sentencepiece encode them.
// By hand, where Debian's python3-sentencepiece is installed: node scripts/tokenizers/sentencepiece-fixture.ts
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HELDOUT_PATH } from '../../kernels/families/trained.ts';
import { CORPUS, WHITESPACE_TEXTS } from '../../tests/unit/tokenizers/corpus.ts';

const OUT = join('tests', 'fixtures', 'sentencepiece');
// sentencepiece reads "<s>" in a text as three characters; Hugging Face (and this site) as the special
// token. That text is left out: the fixture checks the model, not the special-token rule.
const texts = [
  ...CORPUS.filter((text) => !text.startsWith('Special-looking')),
  ...readFileSync(join('public', HELDOUT_PATH), 'utf8').trim().split('\n\n'),
];
const folder = mkdtempSync(join(tmpdir(), 'spm-'));
const file = join(folder, 'texts.json');
writeFileSync(file, JSON.stringify(texts));
execFileSync('/usr/bin/python3', [join('scripts', 'tokenizers', 'sentencepiece_fixture.py'), file, OUT], { stdio: 'inherit' });
console.log(`wrote ${OUT}: ${texts.length} texts`);

// ChatGLM's Python reads "<s>" in a text as three characters, as sentencepiece does: that text stays.
const CHATGLM_OUT = join('tests', 'fixtures', 'chatglm');
const chatGlmTexts = [...CORPUS, ...WHITESPACE_TEXTS];
const chatGlmFile = join(folder, 'chatglm-texts.json');
writeFileSync(chatGlmFile, JSON.stringify(chatGlmTexts));
execFileSync('/usr/bin/python3', [join('scripts', 'tokenizers', 'chatglm_fixture.py'), chatGlmFile, CHATGLM_OUT, OUT], { stdio: 'inherit' });
console.log(`wrote ${CHATGLM_OUT}: ${chatGlmTexts.length} texts`);

// Rewrites tests/fixtures/sentencepiece/ (see sentencepiece_fixture.py): the tests' mixed corpus and
// the held-out poems and paragraphs, encoded by Google's sentencepiece with two small BPE models.
// By hand, where Debian's python3-sentencepiece is installed: node scripts/tokenizers/sentencepiece-fixture.ts
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HELDOUT_PATH } from '../../kernels/families/trained.ts';
import { CORPUS } from '../../tests/unit/tokenizers/corpus.ts';

const OUT = join('tests', 'fixtures', 'sentencepiece');
// sentencepiece reads "<s>" in a text as three characters; Hugging Face (and this site) as the special
// token. That text is left out: the fixture checks the model, not the special-token rule.
const texts = [
  ...CORPUS.filter((text) => !text.startsWith('Special-looking')),
  ...readFileSync(join('public', HELDOUT_PATH), 'utf8').trim().split('\n\n'),
];
const file = join(mkdtempSync(join(tmpdir(), 'spm-')), 'texts.json');
writeFileSync(file, JSON.stringify(texts));
execFileSync('/usr/bin/python3', [join('scripts', 'tokenizers', 'sentencepiece_fixture.py'), file, OUT], { stdio: 'inherit' });
console.log(`wrote ${OUT}: ${texts.length} texts`);

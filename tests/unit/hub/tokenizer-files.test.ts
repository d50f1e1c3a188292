// A repository's tokenizer through the hub: tokenizer.json when it has one, else qwen.tiktoken, else a
// SentencePiece tokenizer.model with its tokenizer_config.json (Baichuan's and ChatGLM's repositories
// ship no tokenizer.json). The model file is read as bytes, not as text, and gives sentencepiece's ids.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { tinyReplica } from '../../../kernels/families/tiny/replica.ts';
import { HubClient } from '../../../kernels/hub/http.ts';
import { hubAt } from '../../../kernels/hub/hubs.ts';
import { hubSource } from '../../../kernels/hub/load.ts';
import { readCheckpointHeaders } from '../../../kernels/hub/repo.ts';
import { loadTokenizer } from '../../../kernels/tokenizers/load.ts';
import { startHub, type StandInHub } from '../../harness/hub-server.ts';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'sentencepiece');
const MODEL = new Uint8Array(readFileSync(join(FIXTURES, 'llama-style.model')));
const EXPECTED = JSON.parse(readFileSync(join(FIXTURES, 'llama-style.json'), 'utf8')) as { texts: string[]; ids: number[][] };

let hub: StandInHub;
before(async () => {
  hub = await startHub();
  // A replica's weights and config without its tokenizer.json, and a SentencePiece model instead.
  const weights = new Map([...tinyReplica('baichuan2-7b').files].filter(([name]) => name !== 'tokenizer.json'));
  const text = (s: string) => new TextEncoder().encode(s);
  hub.addRepo('tiny/sentencepiece', new Map([...weights, ['tokenizer.model', MODEL], ['tokenizer_config.json', text('{"add_bos_token": false}')]]));
  hub.addRepo('tiny/chatglm-style', new Map([...weights, ['tokenizer.model', MODEL], ['tokenizer_config.json', text('{"tokenizer_class": "ChatGLMTokenizer"}')]]));
  hub.addRepo('tiny/no-tokenizer', weights);
  hub.addRepo('tiny/json', tinyReplica('baichuan2-7b').files);
});
after(() => hub?.close());

async function openTokenizer(repo: string) {
  const client = new HubClient({ hub: hubAt(hub.url), repo, revision: 'main' });
  const headers = await readCheckpointHeaders(client, { tokenizer: true });
  return { files: headers.files.filter((f) => !f.endsWith('.safetensors') && f !== 'config.json'), load: () => loadTokenizer(hubSource(client, headers)) };
}

test('a repository with tokenizer.model and tokenizer_config.json: both listed, read as bytes, sentencepiece’s ids', async () => {
  const { files, load } = await openTokenizer('tiny/sentencepiece');
  assert.deepEqual(files, ['tokenizer.model', 'tokenizer_config.json']);
  const tokenizer = await load();
  EXPECTED.texts.slice(0, 12).forEach((text, i) => assert.deepEqual(tokenizer.encode(text), EXPECTED.ids[i], `text ${i}: add_bos_token false, so no <s>`));
});

test('tokenizer.json first; ChatGLM’s class refused by name; none at all is no error until text is encoded', async () => {
  assert.deepEqual((await openTokenizer('tiny/json')).files, ['tokenizer.json']);
  await assert.rejects((await openTokenizer('tiny/chatglm-style')).load(), /ChatGLMTokenizer wraps this SentencePiece model in rules of its own/);
  const none = await openTokenizer('tiny/no-tokenizer');
  assert.deepEqual(none.files, []);
  await assert.rejects(none.load(), /no tokenizer file in the folder/);
});

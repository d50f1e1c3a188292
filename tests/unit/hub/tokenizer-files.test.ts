// A repository's tokenizer through the hub: tokenizer.json when it has one, else qwen.tiktoken, else a
// SentencePiece tokenizer.model or ChatGLM-6B's ice_text.model with its tokenizer_config.json
// (Baichuan's and ChatGLM's repositories ship no tokenizer.json). The model file is read as bytes,
// not as text, and gives sentencepiece's ids, with ChatGLM's rules where the config names its class.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { tinyReplica } from '../../../kernels/families/tiny/replica.ts';
import { HubClient } from '../../../kernels/hub/http.ts';
import { hubAt } from '../../../kernels/hub/hubs.ts';
import { hubSource } from '../../../kernels/hub/load.ts';
import { readCheckpointHeaders } from '../../../kernels/hub/repo.ts';
import { tokenizerFromHub } from '../../../kernels/hub/tokenizer.ts';
import { HubError } from '../../../kernels/hub/errors.ts';
import { loadTokenizer } from '../../../kernels/tokenizers/load.ts';
import { startHub, type StandInHub } from '../../harness/hub-server.ts';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'sentencepiece');
const MODEL = new Uint8Array(readFileSync(join(FIXTURES, 'llama-style.model')));
const EXPECTED = JSON.parse(readFileSync(join(FIXTURES, 'llama-style.json'), 'utf8')) as { texts: string[]; ids: number[][] };
const CHATGLM = join(FIXTURES, '..', 'chatglm');
const ICE_TEXT = new Uint8Array(readFileSync(join(CHATGLM, 'ice-text.model')));
const GLM6B = JSON.parse(readFileSync(join(CHATGLM, 'chatglm-6b.json'), 'utf8')) as { texts: string[]; ids_special: number[][] };
const GLM23 = JSON.parse(readFileSync(join(CHATGLM, 'chatglm2-3.json'), 'utf8')) as { texts: string[]; ids_special: number[][] };

let hub: StandInHub;
before(async () => {
  hub = await startHub();
  // A replica's weights and config without its tokenizer.json, and a SentencePiece model instead.
  const weights = new Map([...tinyReplica('baichuan2-7b').files].filter(([name]) => name !== 'tokenizer.json'));
  const text = (s: string) => new TextEncoder().encode(s);
  hub.addRepo('tiny/sentencepiece', new Map([...weights, ['tokenizer.model', MODEL], ['tokenizer_config.json', text('{"add_bos_token": false}')]]));
  const chatGlmConfig = (o: object) => text(JSON.stringify({ tokenizer_class: 'ChatGLMTokenizer', ...o }));
  hub.addRepo('tiny/chatglm3-style', new Map([...weights, ['tokenizer.model', MODEL], ['tokenizer_config.json', chatGlmConfig({ name_or_path: 'THUDM/chatglm3-6b' })]]));
  hub.addRepo('tiny/chatglm-6b-style', new Map([...weights, ['ice_text.model', ICE_TEXT], ['tokenizer_config.json', chatGlmConfig({ num_image_tokens: 0 })]]));
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

test('ChatGLM: tokenizer.model or ice_text.model with its tokenizer_config.json, read with ChatGLM2/3’s or ChatGLM-6B’s rules', async () => {
  const glm3 = await openTokenizer('tiny/chatglm3-style');
  assert.deepEqual(glm3.files, ['tokenizer.model', 'tokenizer_config.json']);
  const glm3Tokenizer = await glm3.load();
  GLM23.texts.slice(0, 8).forEach((t, i) => assert.deepEqual(glm3Tokenizer.encode(t), GLM23.ids_special[i], `text ${i}: [gMASK] sop in front`));
  const glm6b = await openTokenizer('tiny/chatglm-6b-style');
  assert.deepEqual(glm6b.files, ['ice_text.model', 'tokenizer_config.json']);
  const glm6bTokenizer = await glm6b.load();
  GLM6B.texts.forEach((t, i) => assert.deepEqual(glm6bTokenizer.encode(t), GLM6B.ids_special[i], `text ${i}: [gMASK] <sop> behind`));
});

test('tokenizer.json first; none at all is no error until text is encoded', async () => {
  assert.deepEqual((await openTokenizer('tiny/json')).files, ['tokenizer.json']);
  const none = await openTokenizer('tiny/no-tokenizer');
  assert.deepEqual(none.files, []);
  await assert.rejects(none.load(), /no tokenizer file in the folder/);
});

test('the tokenizer alone (the tokenizer widget): its files and nothing else are fetched; a missing repository is not-found', async () => {
  const client = (repo: string) => new HubClient({ hub: hubAt(hub.url), repo, revision: 'main' });
  hub.clearLog();
  const { tokenizer, files } = await tokenizerFromHub(client('tiny/chatglm3-style'));
  assert.deepEqual(files, ['tokenizer.model', 'tokenizer_config.json']);
  GLM23.texts.slice(0, 4).forEach((t, i) => assert.deepEqual(tokenizer.encode(t), GLM23.ids_special[i], `text ${i}`));
  const asked = [...new Set(hub.log.map((entry) => entry.path.split('/').at(-1)))];
  assert.deepEqual(asked, ['tokenizer.json', 'qwen.tiktoken', 'tokenizer.model', 'tokenizer_config.json'], 'probes and the two files; no config.json, no weights');
  await assert.rejects(tokenizerFromHub(client('tiny/no-tokenizer')), /no tokenizer file/);
  await assert.rejects(tokenizerFromHub(client('tiny/absent')), (error: unknown) => error instanceof HubError && error.failure === 'not-found');
});

// Write every tiny replica checkpoint to disk: `npm run make-tiny -- --out DIR [--only name,name]`
// creates DIR/<replica>/config.json and model.safetensors (or shards plus model.safetensors.index.json).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { TINY_REPLICAS, tinyReplica } from '../kernels/families/tiny/replica.ts';
import type { ReplicaName } from '../kernels/families/tiny/replica.ts';

const { values } = parseArgs({ options: { out: { type: 'string' }, only: { type: 'string' } } });
if (values.out === undefined) {
  console.error(`usage: npm run make-tiny -- --out DIR [--only ${TINY_REPLICAS.join(',')}]`);
  process.exit(2);
}
const wanted = values.only === undefined ? TINY_REPLICAS : values.only.split(',');
const unknown = wanted.filter((name) => !(TINY_REPLICAS as string[]).includes(name));
if (unknown.length > 0) {
  console.error(`unknown replica(s): ${unknown.join(', ')}; choose from ${TINY_REPLICAS.join(', ')}`);
  process.exit(2);
}

for (const name of wanted as ReplicaName[]) {
  const replica = tinyReplica(name);
  const folder = join(values.out, name);
  mkdirSync(folder, { recursive: true });
  console.log(`${folder}: ${replica.description}`);
  for (const [file, bytes] of replica.files) {
    writeFileSync(join(folder, file), bytes);
    console.log(`  ${file} (${bytes.length.toLocaleString('en')} bytes)`);
  }
}

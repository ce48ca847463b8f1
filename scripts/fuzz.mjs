// Long fuzzing run over every parser of untrusted bytes (safetensors, checkpoints, IDX, strict JSON):
// the same properties as test/reliability/parsers-fuzz.test.ts, with many more generated cases.
// Usage: npm run fuzz [-- RUNS_PER_PROPERTY [SEED]]   (default 20000 per property, random seed)
import { existsSync } from 'node:fs';

const runs = Number(process.argv[2] ?? 20000);
const seed = process.argv[3] === undefined ? (Date.now() ^ (process.pid << 16)) >>> 0 : Number(process.argv[3]);
if (!Number.isInteger(runs) || runs < 1) { console.error(`fuzz: RUNS_PER_PROPERTY must be a positive integer, got '${process.argv[2]}'`); process.exit(2); }
const props = new URL('../dist/test/reliability/properties.js', import.meta.url);
if (!existsSync(props)) { console.error('fuzz: dist/test/reliability/properties.js is missing; run `npm run build` first'); process.exit(1); }
const { runProperties } = await import(props);

console.log(`fuzz: ${runs} cases per property, seed ${seed} (rerun a failure with: npm run fuzz -- ${runs} ${seed})`);
const t0 = performance.now();
try {
  const results = runProperties(runs, seed, (line) => console.log(line));
  const total = results.reduce((a, r) => a + r.runs, 0);
  console.log(`fuzz: ${total} generated cases over ${results.length} properties passed in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  console.error(`fuzz: FAILED (seed ${seed})`);
  process.exit(1);
}

// Stream identity under attack and in ordinary use, in one run:
//
// 1. The attribute hash: the seeded hash the store uses now, next to the unseeded one it
//    used before (reimplemented below as the baseline), on typical point attribute sets.
// 2. Store writes of new series and of existing ones, for ordinary attribute sets and for
//    sets built to collide under the old hash (as a hostile producer would send): with
//    seeded hashes and exact-key buckets, colliding sets cost what ordinary ones cost.
//    Reported with the store's own structural count (attribute-set comparisons per lookup).
//
// Usage: node bench/series-identity.bench.js [series=20000]
import { createSeriesStore } from '@heterodyne/analysis';
import { attributesHash } from '../packages/analysis/dist/series/stream-identity.js';
import { Bench } from 'tinybench';
import { benchTimeMs, printMarkdownSummary } from './lib/report.js';

const N = Number(process.argv[2] ?? 20_000);
const TIME_MS = benchTimeMs(1000);

// The previous, unseeded hash: FNV-1a per string, murmur3's finaliser per pair, pairs summed.
function fnv(s) {
  let h = 0x811c9dc5 ^ s.length;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}
function mix(h) {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
const oldStrings = new Map();
function oldStringHash(s) {
  let h = oldStrings.get(s);
  if (h === undefined) {
    h = fnv(s);
    if (s.length <= 128) {
      if (oldStrings.size >= 16_384) oldStrings.clear();
      oldStrings.set(s, h);
    }
  }
  return h;
}
function oldValueHash(v) {
  if (typeof v === 'string') return mix(oldStringHash(v) ^ 0x2f1b3c4d);
  if (typeof v === 'number' && (v | 0) === v) return mix(v ^ 0x6a09e667);
  return 0x5bd1e995;
}
function oldAttributesHash(attributes) {
  let h = 0;
  for (const k in attributes) {
    h = (h + mix(oldStringHash(k) ^ Math.imul(oldValueHash(attributes[k]), 0x9e3779b1))) | 0;
  }
  return h;
}

// Sets { a, b } whose old hashes are all equal (every step of the old hash is invertible).
function inverse(c) {
  let x = c;
  for (let i = 0; i < 5; i++) x = Math.imul(x, 2 - Math.imul(c, x));
  return x;
}
function unmix(h) {
  h ^= h >>> 16;
  h = Math.imul(h, inverse(0xc2b2ae35));
  h ^= (h >>> 13) ^ (h >>> 26);
  h = Math.imul(h, inverse(0x85ebca6b));
  return h ^ (h >>> 16);
}
const valueFor = (k, term) =>
  unmix(Math.imul(unmix(term) ^ fnv(k), inverse(0x9e3779b1))) ^ 0x6a09e667;
const colliding = Array.from({ length: N }, (_, i) => {
  const t = Math.imul(i + 1, 0x2545f491);
  return { a: valueFor('a', t), b: valueFor('b', (0x12345678 - t) | 0) };
});
const ordinary = Array.from({ length: N }, (_, i) => ({ a: i, b: -i - 1 }));
const typical = Array.from({ length: 1024 }, (_, i) => ({
  'heterodyne.operation.name': `op-${i % 37}`,
  'heterodyne.dataset.points': (i * 7919) % 100_000,
  'http.route': `/api/v${i % 3}/items`,
}));

const bench = new Bench({ time: TIME_MS, warmupTime: 200 });
let sink = 0;
bench
  .add('attributesHash, seeded (now)', () => {
    for (const a of typical) sink ^= attributesHash(a);
  })
  .add('attributesHash, unseeded (before)', () => {
    for (const a of typical) sink ^= oldAttributesHash(a);
  });
await bench.run();
const [seeded, unseeded] = bench.tasks.map((t) => t.result.mean);

function storeRun(sets) {
  const store = createSeriesStore({ clock: { now: () => 1e12 }, cardinalityLimit: N + 1 });
  const metric = store.metric(
    store.prefix({ 'service.name': 's' }, { name: '', version: '' }),
    'm',
    'gauge',
    '',
  );
  const point = (attributes, t) => ({
    attributes,
    startTimeUnixNano: 0,
    timeUnixNano: t * 1e9,
    flags: 0,
    value: 1,
    isInt: false,
  });
  const t0 = performance.now();
  for (const a of sets) store.writeNumber(metric, 0, point(a, 1), 1e12);
  const created = performance.now() - t0;
  const probesCreate = store.lookupProbes();
  const t1 = performance.now();
  for (const a of sets) store.writeNumber(metric, 0, point(a, 2), 1e12);
  const existing = performance.now() - t1;
  return {
    createdMs: created,
    existingMs: existing,
    probesPerNew: probesCreate / sets.length,
    probesPerExisting: (store.lookupProbes() - probesCreate) / sets.length,
    series: store.stats().series,
  };
}
// Alternate, collect garbage before each run, and keep the median of 5 rounds per kind.
const median = (runs, key) => runs.map((r) => r[key]).sort((x, y) => x - y)[runs.length >> 1];
const rounds = { o: [], c: [] };
for (let i = 0; i < 5; i++) {
  globalThis.gc?.();
  rounds.o.push(storeRun(ordinary));
  globalThis.gc?.();
  rounds.c.push(storeRun(colliding));
}
const summary = (runs) => ({
  ...runs[0],
  createdMs: median(runs, 'createdMs'),
  existingMs: median(runs, 'existingMs'),
});
const o = summary(rounds.o);
const c = summary(rounds.c);
const oldCollisions = new Set(colliding.map(oldAttributesHash)).size;

printMarkdownSummary(`Attribute hash (1,024 typical point attribute sets per iteration)`, [
  {
    hash: 'seeded (now)',
    'µs per iteration': Number((seeded * 1000).toFixed(1)),
    'vs unseeded': Number((seeded / unseeded).toFixed(2)),
  },
  {
    hash: 'unseeded (before)',
    'µs per iteration': Number((unseeded * 1000).toFixed(1)),
    'vs unseeded': 1,
  },
]);
printMarkdownSummary(
  `Store writes, ordinary sets vs sets colliding under the old hash (${N.toLocaleString('en-US')} series each)`,
  [
    {
      writes: 'new series',
      'ordinary ms': Number(o.createdMs.toFixed(1)),
      'colliding ms': Number(c.createdMs.toFixed(1)),
      'colliding / ordinary': Number((c.createdMs / o.createdMs).toFixed(2)),
      'comparisons per lookup (ordinary / colliding)': `${o.probesPerNew.toFixed(3)} / ${c.probesPerNew.toFixed(3)}`,
    },
    {
      writes: 'existing series',
      'ordinary ms': Number(o.existingMs.toFixed(1)),
      'colliding ms': Number(c.existingMs.toFixed(1)),
      'colliding / ordinary': Number((c.existingMs / o.existingMs).toFixed(2)),
      'comparisons per lookup (ordinary / colliding)': `${o.probesPerExisting.toFixed(3)} / ${c.probesPerExisting.toFixed(3)}`,
    },
  ],
  [
    `the colliding sets share ${oldCollisions} old hash; the old store compared a new one with every earlier one (${((N - 1) / 2).toLocaleString('en-US')} comparisons on average)`,
    `series stored: ${o.series} and ${c.series}; checksum ${sink & 1}`,
  ],
);

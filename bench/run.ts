/**
 * npm run bench [-- --scales 1,10,100] [--fresh] [--quick] [--parts search,exam,exports,bundles]
 * Service cold start and search latency/quality at 1×, 10×, 100× a synthetic copy of the course,
 * beside a substring scan and flexsearch in the same run; exam autosave, papers and grading; HR exports
 * and result-bundle import, each beside its baseline. Prints a table, writes
 * bench/results/latest.json (not committed) and bench/RESULTS.md (the committed summary).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { scaledCorpus, type ScaledCorpus } from './corpus';
import { measureColdStart, type ColdStart } from './coldStart';
import { measureSearch, type SearchBenchResult } from './searchBench';
import { QUERY_MIX } from './queries';
import { ms } from './stats';
import { benchExam, formatExamBench } from './exam';
import { benchPaper } from './paper';
import { benchExports, formatExportBench, type ExportBenchResult } from './exports';
import { benchBundles, formatBundleBench, type BundleBenchResult } from './bundles';

const ROOT = path.resolve(import.meta.dirname, '..');
const argv = process.argv.slice(2);
const arg = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
};
const scales = (arg('scales') ?? '1,10,100').split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
const fresh = argv.includes('--fresh');
const quick = argv.includes('--quick');
const log = (s: string) => console.error(s);
const parts = new Set((arg('parts') ?? 'search,exam,exports,bundles').split(','));

// Timings of a millisecond are at the mercy of the scheduler when other programs share the CPU (CI,
// parallel test runs). Where the OS allows it, the bench (and the cold-start processes it starts)
// runs at raised priority, as the app in front of a person would be; the table says which.
function raisePriority(): string {
  try {
    os.setPriority(os.constants.priority.PRIORITY_HIGH);
    return 'raised';
  } catch {
    return 'normal (raising it was not permitted)';
  }
}
const priority = raisePriority();

interface ScaleResult {
  scale: number;
  /** 1-minute load average when the scale started and ended. */
  load: [number, number];
  corpus: ScaledCorpus;
  coldStart: ColdStart;
  search: SearchBenchResult;
}

interface Target {
  what: string;
  target: string;
  measured: string;
  met: boolean;
}

const results: ScaleResult[] = [];
for (const scale of parts.has('search') ? scales : []) {
  log(`\n== ${scale}× ==`);
  const loadBefore = os.loadavg()[0];
  const corpus = scaledCorpus(scale, fresh, log);
  log(`  content.db ${(corpus.bytes / 2 ** 20).toFixed(1)} MiB${corpus.cached ? ' (cached build)' : ''}; cold start…`);
  const coldStart = measureColdStart(corpus.file, quick ? 2 : scale >= 100 ? 3 : 5);
  const search = await measureSearch(corpus.file, {
    rounds: quick ? 2 : 5,
    // 20 runs of the mix make 980 samples a round, so a round's p99 rests on its 10 slowest samples
    // (with 4 runs it was the second slowest of 196: the round's two worst interruptions).
    reps: quick ? 1 : 20,
    flexContext: scale <= 10,
    log,
  });
  results.push({ scale, load: [loadBefore, os.loadavg()[0]], corpus, coldStart, search });
}

// ---- targets ----
const targets: Target[] = [];
for (const r of results) {
  const o = r.search.engines[0];
  const e = r.search.engines[1];
  const s = r.search.engines[2];
  if (r.scale === 1 || r.scale === 100) {
    const budget = r.scale === 1 ? 50 : 200;
    targets.push({
      what: `cold start at ${r.scale}× (fresh data folder: create and migrate user.db, copy content.db, open it, first query)`,
      target: `≤ ${budget} ms`,
      measured: `${ms(r.coldStart.fresh.totalMs, 1)} ms (its steps, timed apart: cold-start table)`,
      met: r.coldStart.fresh.totalMs <= budget,
    });
    targets.push({
      what: `restart at ${r.scale}× (the same folder again: open both, first query)`,
      target: `≤ ${budget} ms`,
      measured: `${ms(r.coldStart.restart.totalMs, 1)} ms`,
      met: r.coldStart.restart.totalMs <= budget,
    });
  }
  if (r.scale === 100) {
    targets.push({
      what: 'search p99 at 100× (the search() API call)',
      target: '≤ 2 ms',
      measured: `${ms(o.latency.p99)} ms (engine alone ${ms(e.latency.p99)} ms; slowest query's median: ${o.slowest.query} ${ms(o.slowest.medianMs)} ms)`,
      met: o.latency.p99 <= 2,
    });
  }
  targets.push({
    what: `search p50 vs substring scan at ${r.scale}× (engine alone; the API call)`,
    target: '≥ 5× faster',
    measured: `${(s.latency.p50 / e.latency.p50).toFixed(1)}×; ${(s.latency.p50 / o.latency.p50).toFixed(1)}× (${ms(e.latency.p50)}; ${ms(o.latency.p50)} vs ${ms(s.latency.p50)} ms)`,
    met: s.latency.p50 / e.latency.p50 >= 5,
  });
  targets.push({
    what: `recall vs substring scan at ${r.scale}× (${o.quality.queries} literal queries)`,
    target: '100%',
    measured: `${(o.quality.recall * 100).toFixed(1)}% (worst query ${(o.quality.worstRecall * 100).toFixed(1)}%)`,
    met: o.quality.worstRecall === 1,
  });
}

// ---- exams: autosave through the API, papers, grading ----
let exam: Awaited<ReturnType<typeof benchExam>> | null = null;
let paper: ReturnType<typeof benchPaper> | null = null;
if (parts.has('exam')) {
  exam = await benchExam({ samples: quick ? 500 : 2000 });
  log(formatExamBench(exam));
  targets.push({
    what: 'answer autosave p99 through the API path (validation, transaction, audit) vs a bare FULL upsert after each save',
    target: '≤ 3× bare FULL p99',
    measured: `${exam.autosaveApi.p99.toFixed(3)} ms vs ${exam.bareUpsertFull.p99.toFixed(3)} ms (${exam.ratioP99.toFixed(2)}×)`,
    met: exam.meetsTarget,
  });
  paper = benchPaper();
  targets.push({
    what: `paper of 100 questions from a ${paper.bankSize}-item bank (p99); grading ${paper.grading.attempts} attempts`,
    target: `≤ ${paper.targetMs} ms`,
    measured: `${paper.draw100.p99.toFixed(2)} ms (p50 ${paper.draw100.p50.toFixed(2)}); grading ${paper.grading.totalMs.toFixed(0)} ms in all`,
    met: paper.meetsTarget,
  });
}

// ---- HR exports and result bundles ----
let exportsBench: ExportBenchResult | null = null;
if (parts.has('exports')) {
  exportsBench = await benchExports({ rounds: quick ? 1 : 5 });
  log(formatExportBench(exportsBench));
  const e = exportsBench;
  targets.push(
    {
      what: `XLSX export of ${e.answerRows.toLocaleString('en')} answer rows (4 sheets) vs a bare exceljs streaming write of the answer rows`,
      target: '≤ 1.5× bare',
      measured: `${(e.xlsx.ms / 1000).toFixed(2)} s vs ${(e.bareXlsx.ms / 1000).toFixed(2)} s (${e.ratio.toFixed(2)}×)`,
      met: e.meetsTarget.xlsxRatio,
    },
    { what: 'XLSX export peak RSS', target: '≤ 250 MB', measured: `${(e.xlsx.maxRssMiB * 1.048576).toFixed(0)} MB (bare ${(e.bareXlsx.maxRssMiB * 1.048576).toFixed(0)} MB)`, met: e.meetsTarget.xlsxRss },
    { what: 'CSV export of the same rows (4 files)', target: '≤ 0.5 s', measured: `${(e.csv.ms / 1000).toFixed(2)} s (bare CSV write of the answer rows ${(e.bareCsv.ms / 1000).toFixed(2)} s), peak ${(e.csv.maxRssMiB * 1.048576).toFixed(0)} MB`, met: e.meetsTarget.csv },
  );
}
let bundlesBench: BundleBenchResult | null = null;
if (parts.has('bundles')) {
  bundlesBench = await benchBundles();
  log(formatBundleBench(bundlesBench));
  const b = bundlesBench;
  targets.push({
    what: `import of a result bundle of ${b.attempts.toLocaleString('en')} attempts (verify + write)`,
    target: `≤ ${(b.targetMs / 1000).toFixed(0)} s`,
    measured: `${(b.import.ms / 1000).toFixed(2)} s (bare unzip + parse ${(b.baseline.ms / 1000).toFixed(2)} s), peak RSS ${b.import.peakRssMb.toFixed(0)} MB`,
    met: b.meetsTarget,
  });
}

// ---- output ----
const sqlite = (new Database(':memory:').prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
const machine = {
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length,
  memGiB: Math.round(os.totalmem() / 2 ** 30),
  platform: `${os.platform()} ${os.release()}`,
  node: process.version,
  sqlite,
  load: os.loadavg().map((x) => x.toFixed(2)).join(' '),
};
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function tables(): string {
  const out: string[] = [];
  out.push('### Cold start (median of fresh processes; ms)', '');
  out.push('| scale | load avg | content.db | fresh folder: open | first query | total | restart: open | first query | total | steps: create+migrate user.db | copy content.db | open it | quick_check (content.db changed) |');
  out.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    const c = r.coldStart;
    out.push(
      `| ${r.scale}× | ${r.load.map((x) => x.toFixed(1)).join('→')} | ${(r.corpus.bytes / 2 ** 20).toFixed(1)} MiB | ${ms(c.fresh.openMs, 1)} | ${ms(c.fresh.firstQueryMs, 2)} | **${ms(c.fresh.totalMs, 1)}** | ${ms(c.restart.openMs, 1)} | ${ms(c.restart.firstQueryMs, 2)} | **${ms(c.restart.totalMs, 1)}** | ${ms(c.steps.userCreateMigrateMs, 1)} | ${ms(c.steps.copyMs, 1)} | ${ms(c.steps.contentOpenMs, 1)} | ${ms(c.steps.quickCheckMs, 1)} |`,
    );
  }
  out.push('', `### Search over the query mix (${QUERY_MIX.length} queries; median over rounds of each percentile; ms)`, '');
  out.push('| scale | docs | engine | p50 | p95 | p99 | slowest query (its median) | build | heap | precision | recall | p@k |');
  out.push('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    for (const e of r.search.engines) {
      out.push(
        `| ${r.scale}× | ${r.search.docs} | ${e.name} | ${ms(e.latency.p50)} | ${ms(e.latency.p95)} | ${ms(e.latency.p99)} | ${e.slowest.query} ${ms(e.slowest.medianMs)} | ${ms(e.buildMs, 0)} ms | ${e.heapMiB.toFixed(1)} MiB | ${pct(e.quality.precision)} | ${pct(e.quality.recall)} | ${pct(e.quality.precisionAtK)} |`,
      );
    }
  }
  out.push('', '### Our engine by query kind (p50 / p99, ms) and how tiers were ranked', '');
  const kinds = [...new Set(QUERY_MIX.map((q) => q.kind))];
  out.push(`| scale | ${kinds.join(' | ')} | tiers: top list / bm25 / merged lists / first matches / course order / skipped |`);
  out.push(`|---|${kinds.map(() => '---').join('|')}|---|`);
  for (const r of results) {
    const k = r.search.oursByKind;
    const p = r.search.oursPaths;
    out.push(`| ${r.scale}× | ${kinds.map((x) => `${ms(k[x]?.p50 ?? NaN, 2)} / ${ms(k[x]?.p99 ?? NaN, 2)}`).join(' | ')} | ${p['top-list']} / ${p.bm25} / ${p['merged-lists']} / ${p['first-matches']} / ${p['course-order']} / ${p.skipped} |`);
  }
  if (exportsBench) out.push('', '### HR exports', '', '```', formatExportBench(exportsBench), '```');
  if (bundlesBench) out.push('', '### Result bundles', '', '```', formatBundleBench(bundlesBench), '```');
  out.push('', '### Targets', '');
  out.push('| what | target | measured | met |', '|---|---|---|---|');
  for (const t of targets) out.push(`| ${t.what} | ${t.target} | ${t.measured} | ${t.met ? 'yes' : '**no**'} |`);
  return out.join('\n');
}

const table = tables();
const runsPerQuery = results[0] ? (results[0].search.rounds * results[0].search.samplesPerRound) / QUERY_MIX.length : 0;
const perRound = results[0]?.search.samplesPerRound ?? 0;
console.log(`\n${table}\n`);

const json = { date: new Date().toISOString(), machine, priority, queryMix: QUERY_MIX, results, exam, paper, exports: exportsBench, bundles: bundlesBench, targets };
fs.mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
fs.writeFileSync(path.join(ROOT, 'bench', 'results', 'latest.json'), `${JSON.stringify(json, null, 2)}\n`);

const md = `# Benchmark results

Written by \`npm run bench\` (${json.date.slice(0, 10)}; ${machine.cpu}, ${machine.cores} cores, ${machine.memGiB} GiB,
${machine.platform}, Node ${machine.node}, SQLite ${machine.sqlite}; load average at the end ${machine.load};
process priority ${priority}).
Full figures: \`bench/results/latest.json\` (not committed). Not part of \`npm test\`: timings are never asserted.

**Corpus.** The course copied 1×, 10×, 100× under new chapter and question ids, compiled by the real
compiler into content.db (bench/corpus.ts). **Cold start** runs in a fresh Node process per sample:
\`openApp\` on a new data folder (creates and migrates user.db, copies content.db in and opens it; the bundle
was checked when it was built, so a fresh copy is not quick_checked) and a first search for 投诉; "restart"
opens the same folder again; the "steps" columns time each step on its own in the bench process after each
start, so they need not add up to the start's total. **Search** times the full service call
\`search(app, q)\` (normalise, Traditional→Simplified, pinyin, synonyms, ranking, snippets) over
${QUERY_MIX.length} queries (1-char, 2-char, terms, phrases, pinyin, Traditional, question-style) beside a
substring scan (JS \`includes\` over search_docs in memory) and flexsearch 0.8 with \`Charset.CJK\`.
Precision and recall are against the scan over the literal queries (all ids each engine returns);
p@k is the share of an engine's top k = min(20, scan hits) that the scan also finds. Engines are timed
one after another, ours first and the baselines each after a full garbage collection (none is forced
before ours: the app never forces one, and on this VM scavenges are ~4× slower for seconds after a forced
collection); a round is ${perRound} samples, so its
p99 is its ${perRound - Math.ceil(0.99 * perRound) + 1}th slowest sample. The load average of the machine
while each scale ran is in the first table (this machine has ${machine.cores} cores, and other programs
running at the same time inflate the tails). "Slowest query" is the query whose median over its
${runsPerQuery} runs is highest: the engine's own worst case, which one preempted run does not decide.
"ours: engine" is the same search without titles and snippets, returning ids as the others do.

**Why FTS5 over CJK bigrams (db/search/).** It returns exactly the documents a substring scan finds
(precision and recall 100% at every scale), serves one-character queries from the index, keeps the
index in content.db rather than the JS heap, and needs nothing rebuilt at start. flexsearch's CJK
charset indexes single characters, so a multi-character query also matches documents where its
characters stand apart (lower precision) and misses some substring hits (recall below 100%); its
context index narrows that at several times the heap, and either index has to be rebuilt in memory
at every start (the build column). Ranking is BM25 with the title weighted; a single very common
term reads a top list precomputed with bm25()'s formula, several common words are ranked from
their lists ("merged lists"), and a phrase with very many matches is ranked over its first 100
matches of each kind ("first matches"; FTS5 scores every row it ranks, about 1 µs each), so the cost
stays bounded as the course grows (db/search/engine.ts). A tier that one kind no longer needs is
ranked for the other kind only.

${table}
`;
// RESULTS.md is the committed summary: only a run of every part rewrites it.
if (parts.size === 4 && scales.join() === '1,10,100') {
  fs.writeFileSync(path.join(ROOT, 'bench', 'RESULTS.md'), md);
  log(`\nwrote bench/results/latest.json and bench/RESULTS.md`);
} else log(`\nwrote bench/results/latest.json (a partial run leaves bench/RESULTS.md as it is)`);

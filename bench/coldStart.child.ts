/**
 * One cold start in a fresh process (run by bench/run.ts): imports the service layer, opens the app
 * on a data folder (copying content.db into it when it is new), runs a first search. Prints JSON.
 */
const [contentDb, dataDir, query = '投诉'] = process.argv.slice(2);
const t0 = performance.now();
const { openApp } = await import('../electron/services/app');
const { search } = await import('../electron/services/search.service');
const t1 = performance.now();
const app = await openApp({ dataDir, bundledContentDb: contentDb });
const t2 = performance.now();
const r = search(app, query);
const t3 = performance.now();
app.close();
console.log(
  JSON.stringify({ importMs: t1 - t0, openMs: t2 - t1, firstQueryMs: t3 - t2, totalMs: t3 - t1, hits: r.sections.length + r.questions.length }),
);

export {};

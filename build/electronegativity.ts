/**
 * npm run audit:electron — runs @doyensec/electronegativity over electron/ and fails on any finding of
 * HIGH severity (or any finding at all) that has no written reason in build/electronegativity-reasons.json.
 * Its online check for newer Electron releases is skipped: these machines have no network.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const electronVersion = (JSON.parse(fs.readFileSync('node_modules/electron/package.json', 'utf8')) as { version: string }).version;

/** One run's findings: [issue, severity, confidence, file, location, …] per row. */
function run(): string[][] {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'eneg-')), 'report.csv');
  execFileSync(
    process.execPath,
    ['node_modules/@doyensec/electronegativity/dist/index.js', '-i', 'electron', '-r', '-e', electronVersion, '-x', 'AvailableSecurityFixesGlobalCheck', '-o', out],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return fs
    .readFileSync(out, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.match(/("([^"]*)"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, '').replace(/^"|"$/g, '').trim()));
}

// The tool now and then writes a garbled report (a row starting mid-sentence): such a run is repeated.
const wellFormed = (rows: string[][]) => rows.every((r) => /^[A-Z_]+_CHECK$/.test(r[0]) && r.length >= 5);
let rows = run();
for (let tries = 1; !wellFormed(rows) && tries < 3; tries++) rows = run();
if (!wellFormed(rows)) {
  console.error('electronegativity wrote a report that cannot be read (three times).');
  process.exit(1);
}
const reasons = JSON.parse(fs.readFileSync('build/electronegativity-reasons.json', 'utf8')) as Record<string, string>;
let unexplained = 0;
for (const [issue, severity, confidence, file, location] of rows) {
  const reason = reasons[`${issue} ${file}`];
  const mark = reason ? 'explained' : severity === 'HIGH' ? 'UNEXPLAINED HIGH' : 'unexplained';
  if (!reason) unexplained++;
  console.log(`${mark.padEnd(17)} ${severity.padEnd(8)} ${confidence.padEnd(10)} ${issue} ${file}:${location}${reason ? `\n                  ↳ ${reason}` : ''}`);
}
console.log(`electronegativity: ${rows.length} findings, ${rows.length - unexplained} with a written reason`);
if (unexplained) {
  console.error('Every finding needs a fix or a reason in build/electronegativity-reasons.json.');
  process.exit(1);
}

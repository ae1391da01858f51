import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../db/open';
import { applyMigrations } from '../db/migrate';
import { userMigrations } from '../db/migrations/user';
import { median } from './stats';

export interface ColdStartRun {
  importMs: number;
  openMs: number;
  firstQueryMs: number;
  totalMs: number;
  hits: number;
}

export interface ColdStart {
  rounds: number;
  /** openApp on a new data folder (copies content.db) + first search; medians. */
  fresh: { openMs: number; firstQueryMs: number; totalMs: number };
  /** openApp on a data folder that already holds content.db and user.db + first search; medians. */
  restart: { openMs: number; firstQueryMs: number; totalMs: number };
  /** Importing the service modules (not part of the target; tsx transpiles on the fly here). */
  importMs: number;
  /**
   * Where the fresh-folder time goes, measured step by step outside openApp in its order (create and
   * migrate user.db, copy content.db, open it unchecked), and quick_check, which a start runs only when
   * content.db changed since its last check; medians.
   */
  steps: { userCreateMigrateMs: number; copyMs: number; contentOpenMs: number; quickCheckMs: number };
}

const ROOT = path.resolve(import.meta.dirname, '..');

function child(contentDb: string, dataDir: string): ColdStartRun {
  const out = execFileSync(process.execPath, ['--import', 'tsx', path.join('bench', 'coldStart.child.ts'), contentDb, dataDir], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').pop()!) as ColdStartRun;
}

function time(f: () => void): number {
  const t = performance.now();
  f();
  return performance.now() - t;
}

export function measureColdStart(contentDb: string, rounds: number): ColdStart {
  const fresh: ColdStartRun[] = [];
  const restart: ColdStartRun[] = [];
  const steps = { userCreateMigrateMs: [] as number[], copyMs: [] as number[], contentOpenMs: [] as number[], quickCheckMs: [] as number[] };
  for (let i = 0; i < rounds; i++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-bench-cold-'));
    try {
      fresh.push(child(contentDb, dir));
      restart.push(child(contentDb, dir));
      // In the order openApp takes them on a new folder.
      steps.userCreateMigrateMs.push(
        time(() => {
          const db = openDatabase(path.join(dir, 'step-user.db'), { create: true });
          applyMigrations(db, userMigrations);
          db.close();
        }),
      );
      const copy = path.join(dir, 'step-content.db');
      steps.copyMs.push(time(() => fs.copyFileSync(contentDb, copy)));
      steps.contentOpenMs.push(time(() => openDatabase(copy, { readonly: true, check: false }).close()));
      // Not part of a start on a fresh copy (the bundle was checked when built): what a start pays when
      // content.db changed since its last check.
      steps.quickCheckMs.push(
        time(() => {
          const db = new Database(copy, { readonly: true });
          db.pragma('quick_check');
          db.close();
        }),
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const med = (runs: ColdStartRun[]) => ({
    openMs: median(runs.map((r) => r.openMs)),
    firstQueryMs: median(runs.map((r) => r.firstQueryMs)),
    totalMs: median(runs.map((r) => r.totalMs)),
  });
  return {
    rounds,
    fresh: med(fresh),
    restart: med(restart),
    importMs: median(fresh.map((r) => r.importMs)),
    steps: {
      userCreateMigrateMs: median(steps.userCreateMigrateMs),
      copyMs: median(steps.copyMs),
      contentOpenMs: median(steps.contentOpenMs),
      quickCheckMs: median(steps.quickCheckMs),
    },
  };
}

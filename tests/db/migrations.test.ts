import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { userMigrations } from '../../db/migrations/user';
import { applyMigrations } from '../../db/migrate';
import { listBackups } from '../../db/backup';
import { RECORD_ORDER, ROW_COLUMNS, recordWhere } from '../../electron/services/records/recordQuery';
import { storeItems, type ItemSnapshot } from '../../electron/services/records/attemptRecord';
import { openTestApp, tempDir } from '../helpers/app';

const latest = userMigrations.at(-1)!.version;

/** A user.db left at `version` by an older app, with one person in it. */
function databaseAt(dataDir: string, version: number): string {
  const file = path.join(dataDir, 'user.db');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  applyMigrations(db, userMigrations.filter((m) => m.version <= version));
  if (version >= 1) {
    db.prepare("INSERT INTO people (employee_id, name, branch, role, created_at) VALUES ('E001', '张敏', '城东营业厅', 'learner', 1)").run();
  }
  db.close();
  return file;
}

describe('user.db migrations', () => {
  it('are numbered 1..n without gaps', () => {
    expect(userMigrations.map((m) => m.version)).toEqual(userMigrations.map((_, i) => i + 1));
  });

  it('migrate an empty database to the latest version without a backup (nothing to lose)', async () => {
    const dataDir = tempDir();
    databaseAt(dataDir, 0);
    const app = await openTestApp({ dataDir });
    expect(app.user.pragma('user_version', { simple: true })).toBe(latest);
    expect(app.startup.backup).toBeNull();
  });

  for (const from of userMigrations.slice(0, -1).map((m) => m.version)) {
    it(`migrate a database from version ${from}, keeping its data, after a verified backup`, async () => {
      const dataDir = tempDir();
      databaseAt(dataDir, from);
      const app = await openTestApp({ dataDir });
      expect(app.startup.migratedFrom).toBe(from);
      expect(app.user.pragma('user_version', { simple: true })).toBe(latest);
      expect(app.user.prepare('SELECT name FROM people').pluck().all()).toEqual(['张敏']);
      expect(app.user.pragma('foreign_key_check')).toEqual([]);

      const backup = app.startup.backup!;
      expect(listBackups(app.paths.backupsDir, 'event')).toEqual([backup.file]);
      const copy = new Database(backup.file, { readonly: true });
      expect(copy.pragma('user_version', { simple: true })).toBe(from);
      expect(copy.prepare('SELECT name FROM people').pluck().all()).toEqual(['张敏']);
      copy.close();
    });
  }

  it('roll back a migration that fails halfway: the version and earlier tables stay as they were', () => {
    const db = new Database(path.join(tempDir(), 'user.db'));
    applyMigrations(db, userMigrations.slice(0, 1));
    const broken = [...userMigrations.slice(0, 1), { version: 2, name: 'broken', sql: 'CREATE TABLE half (x); INSERT INTO nowhere VALUES (1);' }];
    expect(() => applyMigrations(db, broken)).toThrow(/nowhere/);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half'").pluck().get()).toBe(0);
    db.close();
  });

  it('keep the audit log append-only', async () => {
    const app = await openTestApp();
    app.user.prepare("INSERT INTO audit_log (at, action, prev_hash, hash) VALUES (1, 'test', '', 'h')").run();
    expect(() => app.user.prepare('UPDATE audit_log SET action = ?').run('changed')).toThrow(/append-only/);
    expect(() => app.user.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
  });

  it('serve the records list of imported attempts from an index, never reading the records themselves', async () => {
    const app = await openTestApp();
    const admin = { role: 'admin', personId: -1 } as const;
    for (const filter of [{}, { sessionCode: 'S1', branch: '城东营业厅' }, { from: '2025-06-01', result: 'passed' as const }]) {
      const where = recordWhere(filter, admin);
      const plan = app.user.prepare(`EXPLAIN QUERY PLAN SELECT ${ROW_COLUMNS} FROM attempt_records ${where.sql} ${RECORD_ORDER}`).all(where.params) as { detail: string }[];
      expect(plan.some((p) => /^(SCAN|SEARCH) i USING COVERING INDEX imported_attempts_list\b/.test(p.detail)), JSON.stringify(plan)).toBe(true);
    }
  });

  it('keep each distinct question facts text once, and for each merged bundle the facts of its item table in order; later bundles are stored with theirs', async () => {
    const item = (questionId: string, key: string[], optionOrder = [1, 0]): ItemSnapshot => ({ questionId, chapterId: 'etiquette', sectionId: 's', type: 'multiple', difficulty: 2, stem: '下列哪些"正确"？', options: ['甲', '乙'], optionOrder, key, points: 2, explanation: '说明', reference: '', keyPoints: [], contentVersion: 'v' });
    const facts = (questionId: string, key: string[]) => [questionId, 'etiquette', 'multiple', '下列哪些"正确"？', key, '', 2];
    const dataDir = tempDir();
    // A version 8 database (before migrations 9 and 10) with a merged bundle and one waiting for approval.
    const old = new Database(databaseAt(dataDir, 8));
    const insert = old.prepare('INSERT INTO imported_items (hash, item) VALUES (?, ?)');
    insert.run('h1', JSON.stringify(item('q-1', ['A'])));
    insert.run('h2', '{not json');
    insert.run('h4', JSON.stringify(item('q-1', ['A'], [0, 1]))); // another delivery of q-1: the same facts
    const bundle = old.prepare(
      "INSERT INTO result_bundles (sha256, signer_fingerprint, signer_public_key, signer_label, manifest, signature, status, attempt_count, received_by, received_at) VALUES (?, 'f', 'k', '测试', ?, 's', ?, 0, 1, 0)",
    );
    bundle.run('b1', JSON.stringify({ items: ['h1', 'h2', 'h3', 'h4'] }), 'merged');
    bundle.run('b2', JSON.stringify({ items: ['h1'] }), 'pending');
    old.close();

    const app = await openTestApp({ dataDir });
    const factsById = () =>
      new Map((app.user.prepare('SELECT id, facts FROM item_facts').raw().all() as [number, string][]).map(([id, f]) => [id, JSON.parse(f) as unknown]));
    const lists = () => Object.fromEntries((app.user.prepare('SELECT bundle_id, facts FROM bundle_item_facts').raw().all() as [number, string][]).map(([b, l]) => [b, JSON.parse(l) as (number | null)[]]));
    expect([...factsById().values()]).toEqual([facts('q-1', ['A'])]);
    const [q1] = factsById().keys();
    // h2 is not JSON and h3 was never stored: nothing for an export to read. The pending bundle has no list.
    expect(lists()).toEqual({ 1: [q1, null, null, q1] });
    expect(app.user.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'imported_item_facts'").pluck().get()).toBe(0);

    // A bundle merged now: a new snapshot, one entry no new record uses, and one stored before (left as it is).
    const b3 = 3;
    app.user.prepare("INSERT INTO result_bundles (id, sha256, signer_fingerprint, signer_public_key, signer_label, manifest, signature, status, attempt_count, received_by, received_at) VALUES (?, 'b3', 'f', 'k', '测试', '{}', 's', 'merged', 0, 1, 0)").run(b3);
    storeItems(app.user, b3, [['h5', item('q-3', ['A', 'B'])], null, ['h1', item('q-1', ['A'])]]);
    const q3 = [...factsById()].find(([, f]) => JSON.stringify(f) === JSON.stringify(facts('q-3', ['A', 'B'])))![0];
    expect(factsById().size).toBe(2);
    expect(lists()).toEqual({ 1: [q1, null, null, q1], 3: [q3, null, q1] });
    expect(app.user.prepare("SELECT item FROM imported_items WHERE hash = 'h5'").pluck().get()).toBe(JSON.stringify(item('q-3', ['A', 'B'])));
    expect(app.user.prepare("SELECT item FROM imported_items WHERE hash = 'h1'").pluck().get()).toBe(JSON.stringify(item('q-1', ['A'])));
  });

  it('leave no partial backup files behind', async () => {
    const dataDir = tempDir();
    databaseAt(dataDir, 1);
    const app = await openTestApp({ dataDir });
    expect(fs.readdirSync(app.paths.backupsDir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });
});

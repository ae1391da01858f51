import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { openApp } from '../../electron/services/app';
import { userMigrations } from '../../db/migrations/user';
import { openTestApp, tempDir } from '../helpers/app';
import { TEST_CONTENT_DB } from '../helpers/paths';

describe('opening the app on a data folder', () => {
  it('creates user.db with WAL, synchronous=FULL and foreign keys, migrated to the latest version', async () => {
    const app = await openTestApp();
    expect(app.user.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(app.user.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(app.user.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(app.user.pragma('user_version', { simple: true })).toBe(userMigrations.at(-1)!.version);
    expect(app.content.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(app.startup).toMatchObject({ migratedFrom: 0, backup: null, uncleanShutdown: false });
  });

  it('detects an unclean shutdown from the marker a killed process leaves behind', async () => {
    const dataDir = tempDir();
    const first = await openApp({ dataDir, bundledContentDb: TEST_CONTENT_DB });
    first.user.close(); // simulate a crash: the running marker stays
    first.content.close();
    fs.writeFileSync(path.join(dataDir, 'running', '999999999'), '');
    const second = await openTestApp({ dataDir });
    expect(second.startup.uncleanShutdown).toBe(true);
    second.close();
    const third = await openTestApp({ dataDir });
    expect(third.startup.uncleanShutdown).toBe(false);
  });

  it('refuses a corrupt user.db with a clear message and leaves the file untouched', async () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, 'user.db');
    const bytes = Buffer.from('SQLite format 3\0' + 'garbage'.repeat(1000));
    fs.writeFileSync(file, bytes);
    await expect(openApp({ dataDir, bundledContentDb: TEST_CONTENT_DB })).rejects.toMatchObject({ code: 'db_corrupt' });
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });

  it('refuses a user.db written by a newer app version and does not change it', async () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, 'user.db');
    const db = new Database(file);
    db.pragma('user_version = 999');
    db.close();
    const before = fs.readFileSync(file);
    const err = await openApp({ dataDir, bundledContentDb: TEST_CONTENT_DB }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'db_too_new' });
    expect((err as { toBody(): { message: Record<string, string> } }).toBody().message['zh-CN']).toContain('请升级程序');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('reports missing course data clearly', async () => {
    await expect(openApp({ dataDir: tempDir(), bundledContentDb: path.join(tempDir(), 'none.db') })).rejects.toMatchObject({
      code: 'content_missing',
    });
  });

  it('replaces a damaged content.db from the bundle (it holds nothing a user wrote)', async () => {
    const dataDir = tempDir();
    fs.writeFileSync(path.join(dataDir, 'content.db'), 'not a database at all, just text'.repeat(100));
    const app = await openTestApp({ dataDir });
    expect((app.content.prepare('SELECT count(*) AS n FROM chapters').get() as { n: number }).n).toBeGreaterThan(0);
  });

  it('re-checks content.db only when it changed since its last good check, and repairs damage from the bundle', async () => {
    const dataDir = tempDir();
    (await openTestApp({ dataDir })).close();
    const file = path.join(dataDir, 'content.db');
    const stamp = fs.readFileSync(`${file}.checked`, 'utf8');
    expect(stamp).toBe(`${fs.statSync(file).size}:${fs.statSync(file).mtimeMs}`);

    // Damage pages past the header: the stamp no longer matches, quick_check runs and the bundle replaces it.
    const bytes = fs.readFileSync(file);
    for (let i = 8192; i < bytes.length; i += 3) bytes[i] ^= 0x5a;
    fs.writeFileSync(file, bytes);
    const app = await openTestApp({ dataDir });
    expect(fs.readFileSync(file).equals(fs.readFileSync(TEST_CONTENT_DB))).toBe(true);
    expect((app.content.prepare('SELECT count(*) AS n FROM questions').get() as { n: number }).n).toBeGreaterThanOrEqual(400);
  });
});

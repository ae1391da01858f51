import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPack, type ContentPack } from '../../electron/services/contentPackFormat';
import Database from 'better-sqlite3';
import { contentMeta, openApp } from '../../electron/services/app';
import { coursePackPath } from '../../electron/services/coursePack';
import { CONTENT_SCHEMA_VERSION } from '../../db/content/schema';
import { listBackups } from '../../db/backup';
import { verifyAuditChain } from '../../electron/services/audit';
import { openTestApi } from '../helpers/app';
import { ROOT, TEST_CONTENT_DB } from '../helpers/paths';

const ADMIN = { role: 'admin' as const, personId: null };

function coursePack(): ContentPack {
  return createPack(path.join(ROOT, 'content'), '测试内容包');
}

/** Re-hashes a pack after editing one file, as an honest author would. */
function edit(pack: ContentPack, file: string, change: (text: string) => string): ContentPack {
  const edited = createPack(path.join(ROOT, 'content'), pack.manifest.title);
  edited.files[file] = change(edited.files[file]);
  const dir = fs.mkdtempSync(path.join(ROOT, 'test-results', 'pack-'));
  for (const [rel, body] of Object.entries(edited.files)) {
    fs.mkdirSync(path.join(dir, path.dirname(rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), body);
  }
  const rebuilt = createPack(dir, pack.manifest.title);
  fs.rmSync(dir, { recursive: true, force: true });
  return rebuilt;
}

describe('content packs', () => {
  it('a pack of the current course previews as no changes', async () => {
    const api = await openTestApi();
    const summary = await api.callAs(ADMIN, 'content.previewPack', { pack: JSON.stringify(coursePack()) });
    expect(summary.questions).toEqual({ added: 0, changed: 0, removed: 0 });
    expect(summary.chapters).toEqual({ added: 0, changed: 0, removed: 0 });
    expect(summary.sections).toEqual({ added: 0, changed: 0, removed: 0 });
    expect(summary.blueprints).toEqual({ added: 0, changed: 0, removed: 0 });
    expect(summary.totals.questions).toBeGreaterThanOrEqual(400);
  });

  it('previews the changes, then imports: backup first, swapped atomically, audited', async () => {
    const api = await openTestApi();
    const before = contentMeta(api.app.content).version;
    const pack = edit(coursePack(), 'questions/complaints.yaml', (t) => t.replace(/stem: (.*)\n/, 'stem: 【修订】$1\n'));
    const preview = await api.callAs(ADMIN, 'content.previewPack', { pack: JSON.stringify(pack) });
    expect(preview.questions).toEqual({ added: 0, changed: 1, removed: 0 });
    expect(contentMeta(api.app.content).version).toBe(before);

    const done = await api.callAs(ADMIN, 'content.importPack', { pack: JSON.stringify(pack) });
    expect(done.contentVersion).not.toBe(before);
    const meta = contentMeta(api.app.content);
    expect(meta).toMatchObject({ version: done.contentVersion, origin: 'pack' });
    const stem = api.app.content.prepare("SELECT stem FROM questions WHERE id = 'complaints-001'").pluck().get() as string;
    expect(stem.startsWith('【修订】')).toBe(true);
    expect(listBackups(api.app.paths.backupsDir, 'event').some((f) => f.includes('pre-content-update'))).toBe(true);
    expect(api.app.user.prepare("SELECT count(*) FROM audit_log WHERE action = 'content.importPack'").pluck().get()).toBe(1);
    expect(verifyAuditChain(api.app.user)).toBeNull();
    // The chapter still reads through the API after the swap.
    expect((await api.call('content.getChapter', { chapterId: 'complaints' })).sections.length).toBeGreaterThan(3);
  });

  it('keeps an imported course through an app update that changes the course layout, or sets its pack aside', async () => {
    const api = await openTestApi();
    const pack = JSON.stringify(edit(coursePack(), 'questions/complaints.yaml', (t) => t.replace(/stem: (.*)\n/, 'stem: 【修订】$1\n')));
    const { contentVersion } = await api.callAs(ADMIN, 'content.importPack', { pack });
    const { dataDir, contentDb } = api.app.paths;
    api.app.close();
    // What the previous app version wrote: the same course in the layout before this one.
    const olderLayout = () => {
      const db = new Database(contentDb);
      db.pragma(`user_version = ${CONTENT_SCHEMA_VERSION - 1}`);
      db.close();
    };
    olderLayout();

    const updated = await openApp({ dataDir, bundledContentDb: TEST_CONTENT_DB });
    expect(updated.content.pragma('user_version', { simple: true })).toBe(CONTENT_SCHEMA_VERSION);
    expect(contentMeta(updated.content)).toMatchObject({ version: contentVersion, origin: 'pack' });
    expect(updated.content.prepare("SELECT stem FROM questions WHERE id = 'complaints-001'").pluck().get()).toMatch(/^【修订】/);
    expect(fs.readFileSync(coursePackPath(updated.paths), 'utf8')).toBe(pack);
    updated.close();

    // A pack that no longer compiles: the built-in course, and the pack kept for an administrator.
    fs.writeFileSync(coursePackPath({ dataDir }), pack.replace('【修订】', '【改】'));
    olderLayout();
    const reset = await openApp({ dataDir, bundledContentDb: TEST_CONTENT_DB });
    expect(contentMeta(reset.content).origin).toBe('builtin');
    const aside = fs.readdirSync(dataDir).filter((f) => /^content-.+\.kbpack$/.test(f));
    expect(aside).toHaveLength(1);
    expect(fs.readFileSync(path.join(dataDir, aside[0]), 'utf8')).toContain('【改】');
    reset.close();
  });

  it('refuses a tampered pack (a file edited after the manifest was made) and changes nothing', async () => {
    const api = await openTestApi();
    const before = contentMeta(api.app.content).version;
    const pack = coursePack();
    pack.files['questions/role.yaml'] = pack.files['questions/role.yaml'].replace('answer: A', 'answer: B');
    const r = await api.gateway.callAs(ADMIN, 'content.importPack', { pack: JSON.stringify(pack) });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.message['zh-CN']).toContain('清单不符');
      expect(r.error.issues).toEqual([{ path: 'questions/role.yaml', message: expect.stringContaining('manifest hash') }]);
    }
    expect(contentMeta(api.app.content).version).toBe(before);
  });

  it('refuses invalid course content with file:line reasons and changes nothing', async () => {
    const api = await openTestApi();
    const before = contentMeta(api.app.content).version;
    const pack = edit(coursePack(), 'questions/stress.yaml', (t) => t.replace(/section: stress#[a-z-]+/, 'section: stress#no-such-section'));
    const r = await api.gateway.callAs(ADMIN, 'content.importPack', { pack: JSON.stringify(pack) });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.message['zh-CN']).toContain('课程内容校验失败');
      expect(r.error.issues?.[0]).toMatchObject({ path: expect.stringMatching(/^questions\/stress\.yaml:\d+$/), message: expect.stringContaining('no-such-section') });
    }
    expect(contentMeta(api.app.content).version).toBe(before);
    expect(listBackups(api.app.paths.backupsDir, 'event')).toEqual([]);
  });

  it('refuses files that are not packs, and callers who are not administrators', async () => {
    const api = await openTestApi();
    for (const pack of ['not json', '{"format":"something-else"}', JSON.stringify({ ...coursePack(), files: { '../../etc/passwd': 'x' } })]) {
      const r = await api.gateway.callAs(ADMIN, 'content.previewPack', { pack });
      expect(r.ok || r.error.code).toBe('invalid_input');
    }
    const r = await api.gateway.callAs({ role: 'proctor', personId: 1 }, 'content.importPack', { pack: '{}' });
    expect(r.ok || r.error.code).toBe('forbidden');
  });
});

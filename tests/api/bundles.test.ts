/**
 * Results and sessions moved between two real installations (separate data folders, separate keys):
 * signed result bundles, approval of unknown signers, trusted installations, tampering refused with
 * nothing written, certificates checked offline, session packages, and `kb verify` through the real CLI.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { paperFingerprint } from '../../electron/services/paper';
import { verifyIntegrity } from '../../electron/services/bundles/verifyAll';
import { certificateOf } from '../../electron/services/records/certificate';
import { exportTmpDir, exportToFiles, settledJob, startExport } from '../../electron/services/records/exportJobs';
import { compactRecordSchema, expandRecord, itemHash, loadRecord, recordLoader, recordPassed, type ItemSnapshot } from '../../electron/services/records/attemptRecord';
import { signBytes } from '../../electron/services/records/installationKey';
import type { RecordFilter } from '../../electron/shared/calls/records';
import { tempDir } from '../helpers/app';
import { examWorld, type ExamWorld } from '../helpers/exam';
import { parseCsv } from '../helpers/exports';
import { ROOT } from '../helpers/paths';
import { distinctPapersBundle } from '../../bench/bundles';
import { rightAnswer, takeSession } from '../helpers/records';
import type { Paper } from '../../electron/services/paper';

interface PC {
  w: ExamWorld;
  admin: string;
}

async function pc(): Promise<PC> {
  const p = { w: await examWorld(), admin: '' };
  await login(p);
  return p;
}

/** Signs the administrator in again (takeSession moves the clock past the idle limit of staff sessions). */
async function login(p: PC): Promise<void> {
  p.admin = (await p.w.api.call('auth.staffSignIn', { employeeId: 'A001', password: 'admin-pass-1' })).session;
}

const count = (p: PC, table: string) => p.w.api.app.user.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
const written = (p: PC) => ({ bundles: count(p, 'result_bundles'), attempts: count(p, 'imported_attempts'), items: count(p, 'imported_items'), audit: count(p, 'audit_log') });

async function exportBundle(p: PC, filter = {}) {
  return p.w.api.call('bundles.export', { filter }, p.admin);
}

async function trust(from: PC, to: PC) {
  const file = await from.w.api.call('bundles.identityFile', {}, from.admin);
  return to.w.api.call('bundles.trust', { fileBase64: file.base64, reason: '分支机构电脑登记' }, to.admin);
}

/** The zip with one entry's uncompressed size changed in its central directory (what a reader plans by). */
function declaredSize(zip: Buffer, name: string, size: (declared: number) => number): Buffer {
  const out = Buffer.from(zip);
  for (let at = out.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); at > 0; at = out.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at - 1)) {
    if (out.toString('utf8', at + 46, at + 46 + out.readUInt16LE(at + 28)) === name) {
      out.writeUInt32LE(size(out.readUInt32LE(at + 24)), at + 24);
      return out;
    }
  }
  throw new Error(`${name} not in the zip`);
}

const zip = (f: Record<string, Uint8Array>) => Buffer.from(zipSync(f));
const text = (u: Uint8Array) => Buffer.from(u).toString('utf8');
const sha = (s: string | Uint8Array) => crypto.createHash('sha256').update(s).digest('hex');

type Manifest = { items: string[]; attempts: { uid: string; sha256: string }[] };

/** Re-signs edited files with the PC's real key: a consistent-looking manifest that only deeper checks can refuse. */
function resignAs(p: PC, f: Record<string, Uint8Array>, edit: (manifest: Manifest) => void = () => {}): Buffer {
  const manifest = JSON.parse(text(f['manifest.json']));
  manifest.attempts = text(f['attempts.jsonl']).trimEnd().split('\n').map((l) => ({ uid: JSON.parse(l).uid, sha256: sha(l) }));
  edit(manifest);
  for (const entry of manifest.files) entry.sha256 = sha(f[entry.path]);
  for (const entry of manifest.files) entry.bytes = f[entry.path].length;
  const manifestBytes = strToU8(JSON.stringify(manifest));
  f['manifest.json'] = manifestBytes;
  f['manifest.sig'] = strToU8(signBytes(p.w.api.app, manifestBytes));
  return zip(f);
}

describe('result bundles between two installations', () => {
  it('holds an unknown signer for approval, merges once approved (audited), and importing again adds nothing', async () => {
    const a = await pc();
    const b = await pc();
    const taken = await takeSession(a.w, { count: 3 });
    await login(a);
    const idA = await a.w.api.call('bundles.identity', {}, a.w.proctor);
    const idB = await b.w.api.call('bundles.identity', {}, b.admin);
    expect(idA.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(idA.fingerprint).not.toBe(idB.fingerprint);
    expect(crypto.createHash('sha256').update(Buffer.from(idA.publicKey, 'base64')).digest('hex')).toBe(idA.fingerprint);

    const file = await exportBundle(a);
    expect(file.count).toBe(3);
    expect(file.fileName).toMatch(/\.kfbundle$/);

    const preview = await b.w.api.call('bundles.preview', { fileBase64: file.base64 }, b.admin);
    expect(preview).toMatchObject({ attempts: 3, newAttempts: 3, duplicates: 0, needsApproval: true, signer: { fingerprint: idA.fingerprint, trusted: false, own: false } });
    expect(preview.sessions).toEqual([{ code: taken.code, title: '2025年6月客服代表认证', date: '2025-06-02', attempts: 3 }]);

    const held = await b.w.api.call('bundles.import', { fileBase64: file.base64 }, b.admin);
    expect(held).toMatchObject({ status: 'pending', added: 0 });
    expect(held.message['zh-CN']).toContain('不在受信任列表中');
    expect(count(b, 'imported_attempts')).toBe(0);
    expect(count(b, 'attempt_records')).toBe(0);
    const pending = await b.w.api.call('bundles.pending', {}, b.admin);
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ id: held.bundleId, attempts: 3, receivedBy: '人事管理员 (A001)', signer: { fingerprint: idA.fingerprint, trusted: false } });

    // Importing the same bytes while pending holds nothing twice.
    expect(await b.w.api.call('bundles.import', { fileBase64: file.base64 }, b.admin)).toMatchObject({ status: 'pending', bundleId: held.bundleId });
    // A reason is required, and a proctor may not approve.
    expect((await b.w.raw('bundles.approve', { id: held.bundleId, reason: '' }, b.admin)).ok).toBe(false);
    expect(await b.w.raw('bundles.approve', { id: held.bundleId, reason: '已电话核对指纹' }, b.w.proctor)).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const approved = await b.w.api.call('bundles.approve', { id: held.bundleId, reason: '已电话核对指纹' }, b.admin);
    expect(approved).toMatchObject({ status: 'merged', added: 3, duplicates: 0 });
    const audit = b.w.api.app.user.prepare("SELECT details FROM audit_log WHERE action = 'bundle.approve'").pluck().all() as string[];
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0])).toMatchObject({ reason: '已电话核对指纹', signer: idA.fingerprint, added: 3 });
    expect(await b.w.api.call('bundles.pending', {}, b.admin)).toEqual([]);
    expect(count(b, 'attempt_records')).toBe(3);
    for (const uid of taken.uids) expect(loadRecord(b.w.api.app, uid)).toEqual(loadRecord(a.w.api.app, uid));
    // A loader whose snapshot cache is smaller than one paper empties it between records, and still finds
    // the questions a record shares with the one before.
    const small = recordLoader(b.w.api.app, 10);
    for (const uid of [...taken.uids, ...taken.uids]) expect(small(uid)).toEqual(loadRecord(a.w.api.app, uid));
    expect(b.w.api.app.user.prepare("SELECT count(*) FROM attempt_records WHERE origin = 'imported' AND session_code = ?").pluck().get(taken.code)).toBe(3);

    const again = await b.w.api.call('bundles.import', { fileBase64: file.base64 }, b.admin);
    expect(again).toMatchObject({ status: 'already_imported', added: 0 });
    // A fresh export of the same attempts (new bytes) is deduped by attempt uid.
    a.w.clock.advance(60_000);
    const second = await exportBundle(a);
    expect(second.base64).not.toBe(file.base64);
    expect(await b.w.api.call('bundles.preview', { fileBase64: second.base64 }, b.admin)).toMatchObject({ newAttempts: 0, duplicates: 3 });
    await trust(a, b);
    expect(await b.w.api.call('bundles.import', { fileBase64: second.base64 }, b.admin)).toMatchObject({ status: 'merged', added: 0, duplicates: 3 });
    expect(count(b, 'imported_attempts')).toBe(3);
  });

  it('merges directly once the signer is registered from its identity file; a rejected bundle stays out', async () => {
    const a = await pc();
    const b = await pc();
    await takeSession(a.w, { count: 2 });
    await login(a);
    const file = await exportBundle(a);

    // An identity file that was edited (label changed) is caught by its self-signature.
    const idFile = await a.w.api.call('bundles.identityFile', {}, a.admin);
    const edited = JSON.parse(Buffer.from(idFile.base64, 'base64').toString('utf8'));
    edited.label = '总部电脑';
    const bad = await b.w.raw('bundles.trust', { fileBase64: Buffer.from(JSON.stringify(edited)).toString('base64'), reason: '登记' }, b.admin);
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(!bad.ok && bad.error.message['zh-CN']).toContain('签名校验不通过');
    expect(await b.w.api.call('bundles.trusted', {}, b.admin)).toEqual([]);

    const t = await trust(a, b);
    expect(t).toMatchObject({ fingerprint: (await a.w.api.call('bundles.identity', {}, a.admin)).fingerprint, addedBy: '人事管理员 (A001)' });
    const merged = await b.w.api.call('bundles.import', { fileBase64: file.base64 }, b.admin);
    expect(merged).toMatchObject({ status: 'merged', added: 2, signer: { trusted: true } });
    expect(b.w.api.app.user.prepare("SELECT count(*) FROM audit_log WHERE action IN ('installation.trust', 'bundle.import')").pluck().get()).toBe(2);

    // Untrusted again: the next bundle waits; rejecting it keeps it out, audited.
    await b.w.api.call('bundles.untrust', { fingerprint: t.fingerprint, reason: '电脑已报废' }, b.admin);
    expect(await b.w.api.call('bundles.trusted', {}, b.admin)).toEqual([]);
    await takeSession(a.w, { count: 1, title: '补考', date: '2025-06-09' });
    await login(a);
    const next = await exportBundle(a, { sessionCode: (a.w.api.app.user.prepare("SELECT code FROM exam_sessions WHERE title = '补考'").pluck().get() as string) });
    expect(next.count).toBe(1);
    const held = await b.w.api.call('bundles.import', { fileBase64: next.base64 }, b.admin);
    expect(held.status).toBe('pending');
    expect(await b.w.api.call('bundles.reject', { id: held.bundleId, reason: '来源不明' }, b.admin)).toEqual([]);
    expect(count(b, 'imported_attempts')).toBe(2);
    const r = await b.w.raw('bundles.import', { fileBase64: next.base64 }, b.admin);
    expect(r).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(b.w.api.app.user.prepare("SELECT details FROM audit_log WHERE action = 'bundle.reject'").pluck().get()).toContain('来源不明');
  });

  it('takes a later version of an imported attempt (reopened on the exam PC) and keeps the earlier one; an older or a conflicting version changes nothing', async () => {
    const a = await pc();
    const b = await pc();
    const taken = await takeSession(a.w, { count: 2 });
    await login(a);
    await trust(a, b);
    const firstOnly = await exportBundle(a, { person: 'R0001' });
    expect(firstOnly.count).toBe(1);
    const original = await exportBundle(a);
    expect(await b.w.api.call('bundles.import', { fileBase64: original.base64 }, b.admin)).toMatchObject({ status: 'merged', added: 2, updated: 0 });
    const firstBundle = b.w.api.app.user.prepare('SELECT bundle_id FROM imported_attempts WHERE uid = ?').pluck().get(taken.uids[0]) as number;
    const stored = (uid: string) => b.w.api.app.user.prepare('SELECT score, record_sha256 AS sha256, bundle_id AS bundleId FROM imported_attempts WHERE uid = ?').get(uid) as { score: number; sha256: string; bundleId: number };
    const before = stored(taken.uids[0]);
    const second = stored(taken.uids[1]);

    // On the exam PC the proctor reopens the first attempt; the candidate answers everything right and submits again.
    const attemptId = taken.attemptIds[0];
    await a.w.api.call('proctor.reopen', { attemptId, minutes: 30, reason: '误收卷，重新作答' }, a.w.proctor);
    const token = await a.w.signIn('R0001', taken.code);
    await a.w.api.call('exam.start', {}, token);
    const paper = JSON.parse(a.w.api.app.user.prepare('SELECT paper FROM exam_attempts WHERE id = ?').pluck().get(attemptId) as string) as Paper;
    for (const item of paper.items) await a.w.api.call('exam.saveAnswer', { no: item.no, response: rightAnswer(item) }, token);
    await a.w.api.call('exam.submit', {}, token);
    for (const item of paper.items.filter((it) => it.type === 'essay')) {
      await a.w.api.call('proctor.gradeEssay', { attemptId, no: item.no, awards: item.keyPoints.map((k) => k.score), comment: '' }, a.w.proctor);
    }
    await login(a);
    const later = await exportBundle(a);
    const newScore = a.w.api.app.user.prepare('SELECT score FROM attempt_records WHERE uid = ?').pluck().get(taken.uids[0]) as number;
    expect(newScore).toBeGreaterThan(before.score);

    const preview = await b.w.api.call('bundles.preview', { fileBase64: later.base64 }, b.admin);
    expect(preview).toMatchObject({ attempts: 2, newAttempts: 0, updates: 1, duplicates: 1, conflicts: 0 });
    expect(preview.changes).toEqual([{ uid: taken.uids[0], name: '考生1', employeeId: 'R0001', sessionCode: taken.code, kind: 'update', scoreBefore: before.score, scoreAfter: newScore }]);
    const merged = await b.w.api.call('bundles.import', { fileBase64: later.base64 }, b.admin);
    expect(merged).toMatchObject({ status: 'merged', added: 0, updated: 1, duplicates: 1, conflicts: 0 });
    expect(merged.message['zh-CN']).toContain('1 条更新为签名电脑上的新版本');
    expect(stored(taken.uids[0]).score).toBe(newScore);
    expect((await b.w.api.call('records.attempt', { uid: taken.uids[0] }, b.admin)).reopenCount).toBe(1);
    // The earlier version stays, as signed, with the bundle that brought it; kb verify accounts for both.
    expect(b.w.api.app.user.prepare('SELECT bundle_id, record_sha256 FROM superseded_attempts').all()).toEqual([{ bundle_id: firstBundle, record_sha256: before.sha256 }]);
    const audit = JSON.parse(b.w.api.app.user.prepare("SELECT details FROM audit_log WHERE action = 'bundle.import' ORDER BY id DESC LIMIT 1").pluck().get() as string);
    expect(audit).toMatchObject({ added: 0, duplicates: 1, updated: [taken.uids[0]], conflicts: [] });
    expect(verifyIntegrity(b.w.api.app)).toMatchObject({ ok: true, problems: [] });

    // The first version arriving late (another bundle holding it) is already here: nothing changes.
    expect(await b.w.api.call('bundles.import', { fileBase64: firstOnly.base64 }, b.admin)).toMatchObject({ status: 'merged', added: 0, updated: 0, duplicates: 1 });
    expect(stored(taken.uids[0]).score).toBe(newScore);

    // A version that does not continue the one here (same PC's key, the second attempt's record changed) is a conflict: not imported.
    const f = unzipSync(Buffer.from(later.base64, 'base64'));
    const lines = text(f['attempts.jsonl']).trimEnd().split('\n');
    const at = lines.findIndex((l) => JSON.parse(l).uid === taken.uids[1]);
    const changed = JSON.parse(lines[at]);
    changed.focusEvents.push({ at: changed.startedAt + 60_000, kind: 'blur' });
    lines[at] = JSON.stringify(changed);
    f['attempts.jsonl'] = strToU8(`${lines.join('\n')}\n`);
    const conflicting = resignAs(a, f).toString('base64');
    const conflictPreview = await b.w.api.call('bundles.preview', { fileBase64: conflicting }, b.admin);
    expect(conflictPreview).toMatchObject({ newAttempts: 0, updates: 0, duplicates: 1, conflicts: 1 });
    expect(conflictPreview.changes).toMatchObject([{ uid: taken.uids[1], kind: 'conflict', scoreBefore: second.score, scoreAfter: second.score }]);
    const refused = await b.w.api.call('bundles.import', { fileBase64: conflicting }, b.admin);
    expect(refused).toMatchObject({ status: 'merged', added: 0, updated: 0, conflicts: 1 });
    expect(refused.message['zh-CN']).toContain('未导入，请与考点核实');
    expect(stored(taken.uids[1])).toEqual(second);
    expect(verifyIntegrity(b.w.api.app).ok).toBe(true);

    // An earlier version that goes missing is noticed.
    b.w.api.app.user.prepare('DELETE FROM superseded_attempts').run();
    const report = verifyIntegrity(b.w.api.app);
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p['zh-CN']).join('\n')).toContain('有记录被删除或添加');
  });

  it('takes a bundle in parts: previewed and imported by its upload id, which only its sender can use, once', async () => {
    const a = await pc();
    const b = await pc();
    await takeSession(a.w, { count: 3 });
    await login(a);
    await trust(a, b);
    const zip = Buffer.from((await exportBundle(a)).base64, 'base64');
    const third = Math.ceil(zip.length / 3);
    let sent = await b.w.api.call('bundles.upload', { offset: 0, base64: zip.subarray(0, third).toString('base64') }, b.admin);
    const uploadId = sent.uploadId;
    // A part that does not start where the last ended is refused, and the upload goes on from where it was.
    const gap = await b.w.raw('bundles.upload', { uploadId, offset: third + 10, base64: zip.subarray(third + 10).toString('base64') }, b.admin);
    expect(gap).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(!gap.ok && gap.error.message['zh-CN']).toContain(`已收到 ${third} 字节`);
    for (const at of [third, 2 * third]) {
      sent = await b.w.api.call('bundles.upload', { uploadId, offset: at, base64: zip.subarray(at, at + third).toString('base64') }, b.admin);
    }
    expect(sent).toEqual({ uploadId, bytes: zip.length });
    expect(await b.w.api.call('bundles.preview', { uploadId }, b.admin)).toMatchObject({ attempts: 3, newAttempts: 3 });

    // Another administrator cannot read or import it: to them it does not exist.
    await b.w.api.call('accounts.create', { employeeId: 'A002', name: '第二管理员', branch: '', role: 'admin', password: 'admin-pass-2' }, b.admin);
    const other = (await b.w.api.call('auth.staffSignIn', { employeeId: 'A002', password: 'admin-pass-2' })).session;
    for (const call of ['bundles.preview', 'bundles.import'] as const) {
      expect(await b.w.raw(call, { uploadId }, other), call).toMatchObject({ ok: false, error: { code: 'not_found' } });
    }
    expect(count(b, 'imported_attempts')).toBe(0);

    expect(await b.w.api.call('bundles.import', { uploadId }, b.admin)).toMatchObject({ status: 'merged', added: 3 });
    expect(await b.w.raw('bundles.import', { uploadId }, b.admin)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(fs.readdirSync(path.join(b.w.api.app.paths.dataDir, 'uploads'))).toEqual([]);
    // A proctor may not upload at all.
    expect(await b.w.raw('bundles.upload', { offset: 0, base64: zip.toString('base64') }, b.w.proctor)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('refuses every tampered part of a bundle with a clear message and writes nothing', async () => {
    const a = await pc();
    const b = await pc();
    await takeSession(a.w, { count: 2 });
    await login(a);
    await trust(a, b);
    const original = Buffer.from((await exportBundle(a)).base64, 'base64');
    const files = () => unzipSync(original);
    const resign = (f: Record<string, Uint8Array>, edit?: (manifest: Manifest) => void) => resignAs(a, f, edit);
    /** A bundle A really signed, whose record no longer matches its questions (a snapshot edited and re-hashed). */
    const resigned = () => {
      const f = files();
      const [firstItem] = text(f['items.jsonl']).split('\n');
      const item = { ...(JSON.parse(firstItem) as ItemSnapshot), stem: '（已改）' };
      f['items.jsonl'] = strToU8(text(f['items.jsonl']).replace(firstItem, JSON.stringify(item)));
      return resign(f, (m) => (m.items[0] = itemHash(item)));
    };

    const cases: [string, () => Buffer, string][] = [
      ['manifest.json edited (a count)', () => {
        const f = files();
        const m = JSON.parse(text(f['manifest.json']));
        m.sessions[0].attempts = 3;
        f['manifest.json'] = strToU8(JSON.stringify(m, null, 1));
        return zip(f);
      }, '清单的签名校验不通过'],
      ['a score in attempts.jsonl', () => {
        const f = files();
        f['attempts.jsonl'] = strToU8(text(f['attempts.jsonl']).replace(/"score":(\d+(\.\d+)?)/, (_m, s) => `"score":${Number(s) + 10}`));
        return zip(f);
      }, 'attempts.jsonl 的校验值不符'],
      ['a snapshot in items.jsonl (stem text)', () => {
        const f = files();
        f['items.jsonl'] = strToU8(text(f['items.jsonl']).replace(/"stem":"/, '"stem":"改'));
        return zip(f);
      }, 'items.jsonl 的校验值不符'],
      ['manifest.sig altered', () => {
        const f = files();
        const sig = Buffer.from(text(f['manifest.sig']), 'base64');
        sig[10] ^= 1;
        f['manifest.sig'] = strToU8(sig.toString('base64'));
        return zip(f);
      }, '清单的签名校验不通过'],
      ['manifest.sig removed (unsigned)', () => {
        const f = files();
        delete f['manifest.sig'];
        return zip(f);
      }, '没有签名'],
      ['truncated zip', () => original.subarray(0, Math.floor(original.length * 0.7)), '无法解压'],
      ['wrong version', () => {
        const f = files();
        const m = JSON.parse(text(f['manifest.json']));
        m.version = 1; // the format before papers referred to items.jsonl by index
        f['manifest.json'] = strToU8(JSON.stringify(m, null, 1));
        return zip(f);
      }, '版本（1）不受本程序支持'],
      ['an extra file', () => zip({ ...files(), 'readme.txt': strToU8('hello') }), '多余的文件：readme.txt'],
      ['a record whose fingerprint no longer matches its items', resigned, '试卷指纹与题目快照不符'],
      ['a snapshot that does not match its hash in the signed manifest', () => {
        const f = files();
        f['items.jsonl'] = strToU8(text(f['items.jsonl']).replace(/"stem":"/, '"stem":"改'));
        return resign(f);
      }, '题目内容与其校验值不符'],
      ['a record referring to a question past the end of items.jsonl', () => {
        const f = files();
        const [first, ...rest] = text(f['attempts.jsonl']).split('\n');
        const rec = JSON.parse(first);
        rec.items[3] = JSON.parse(text(f['manifest.json'])).items.length;
        f['attempts.jsonl'] = strToU8([JSON.stringify(rec), ...rest].join('\n'));
        return resign(f);
      }, '引用的题目快照不在 items.jsonl 中'],
      ['an item table listing a snapshot twice', () => {
        const f = files();
        const [firstItem] = text(f['items.jsonl']).split('\n');
        f['items.jsonl'] = strToU8(firstItem + '\n' + text(f['items.jsonl']));
        return resign(f, (m) => m.items.unshift(m.items[0]));
      }, '清单中的题目快照重复'],
      ['a record in the version 1 form (questions by hash) under a re-signed manifest', () => {
        const f = files();
        const [first, ...rest] = text(f['attempts.jsonl']).split('\n');
        const rec = JSON.parse(first);
        const hashes = JSON.parse(text(f['manifest.json'])).items as string[];
        rec.items = rec.items.map((index: number, k: number) => ({ no: k + 1, hash: hashes[index] }));
        f['attempts.jsonl'] = strToU8([JSON.stringify(rec), ...rest].join('\n'));
        return resign(f);
      }, 'attempts.jsonl 第 1 条记录格式不对'],
      ['an entry that inflates past the size it declares (a zip bomb)', () => declaredSize(zip(files()), 'attempts.jsonl', (size) => size - 100), '无法解压'],
      ['an entry declaring more than the unpacked limit', () => declaredSize(zip(files()), 'attempts.jsonl', () => 600 * 2 ** 20), '解压后过大'],
      ['a question no record uses', () => {
        const f = files();
        const [firstItem] = text(f['items.jsonl']).split('\n');
        const item = { ...(JSON.parse(firstItem) as ItemSnapshot), stem: '多出来的题' };
        f['items.jsonl'] = strToU8(text(f['items.jsonl']) + JSON.stringify(item) + '\n');
        return resign(f, (m) => m.items.push(itemHash(item)));
      }, '未被任何记录引用'],
    ];
    const before = written(b);
    for (const [name, make, expected] of cases) {
      const fileBase64 = make().toString('base64');
      for (const call of ['bundles.preview', 'bundles.import'] as const) {
        const r = await b.w.raw(call, { fileBase64 }, b.admin);
        expect(r.ok, `${name} via ${call}`).toBe(false);
        if (!r.ok) {
          expect(r.error.code, name).toBe('invalid_input');
          expect(r.error.message['zh-CN'], name).toContain(expected);
          expect(r.error.message.en.length, name).toBeGreaterThan(20);
        }
      }
      expect(written(b), name).toEqual(before);
    }
    // The untouched bundle still imports: the refusals were about the changes.
    expect(await b.w.api.call('bundles.import', { fileBase64: original.toString('base64') }, b.admin)).toMatchObject({ status: 'merged', added: 2 });
    // The re-signed fake is a real signature of A over a consistent-looking manifest: only the fingerprint check caught it.
    const fake = unzipSync(resigned());
    const rec = compactRecordSchema.parse(JSON.parse(text(fake['attempts.jsonl']).split('\n')[0]));
    const snaps = text(fake['items.jsonl']).trimEnd().split('\n').map((l) => JSON.parse(l) as ItemSnapshot);
    const full = expandRecord(rec, (index) => snaps[index]);
    expect(paperFingerprint({ blueprintId: rec.session.blueprintId, seed: rec.seed, contentVersion: rec.contentVersion, items: full.items })).not.toBe(rec.fingerprint);
  });
});

describe('imported records in exports and kb verify', () => {
  const scope = { role: 'admin', personId: -1 } as const;
  /** The 答题明细 sheet of a CSV export, parsed (header included). */
  async function answerSheet(p: PC, filter: RecordFilter): Promise<string[][]> {
    const files = await exportToFiles(p.w.api.app, scope, 'csv', filter, { dir: tempDir('kb-csv-') }, () => {});
    return parseCsv(fs.readFileSync(files.find((f) => f.endsWith('_答题明细.csv'))!, 'utf8').slice(1));
  }

  it('export the answers as the PC that took them does; a damaged record or question fails the export naming it, and kb verify finds it', async () => {
    const a = await pc();
    const b = await pc();
    const taken = await takeSession(a.w, { count: 3 });
    await login(a);
    await trust(a, b);
    await b.w.api.call('bundles.import', { fileBase64: (await exportBundle(a)).base64 }, b.admin);
    const app = b.w.api.app;
    const pageCache = app.user.pragma('cache_size', { simple: true });

    const onA = await answerSheet(a, {});
    const paperLength = loadRecord(a.w.api.app, taken.uids[0]).items.length;
    expect(onA).toHaveLength(1 + 3 * paperLength);
    // Every record imported: the questions are read in one pass.
    expect(await answerSheet(b, {})).toEqual(onA);
    // One candidate of three: looked up one by one.
    const person = loadRecord(a.w.api.app, taken.uids[1]).candidate.employeeId;
    expect(await answerSheet(b, { person })).toEqual([onA[0], ...onA.filter((r) => r[1] === person)]);
    expect(verifyIntegrity(app)).toMatchObject({ ok: true, records: 3 });

    const uid = taken.uids[1];
    const raw = new Database(app.paths.userDb);
    raw.exec('DROP TRIGGER imported_attempts_no_update');
    const record = raw.prepare('SELECT record FROM imported_attempts WHERE uid = ?').pluck().get(uid) as string;
    const failure = async (expected: string) => {
      const job = await settledJob(app, scope, startExport(app, scope, 'xlsx', {}).id);
      expect(job.state).toBe('failed');
      expect(job.error?.['zh-CN']).toContain(expected);
      expect(job.error?.en.length).toBeGreaterThan(20);
      expect(fs.readdirSync(exportTmpDir(app))).toEqual([]);
      const dir = tempDir('kb-csv-');
      await expect(exportToFiles(app, scope, 'csv', {}, { dir }, () => {})).rejects.toMatchObject({ code: 'db_corrupt' });
      expect(fs.readdirSync(dir)).toEqual([]);
    };

    // A record that is no longer JSON, and one cut short: named, not a crash halfway through a sheet.
    raw.prepare('UPDATE imported_attempts SET record = ? WHERE uid = ?').run(record.slice(0, 200), uid);
    await failure(`成绩记录 ${uid} 已损坏（不是有效的 JSON）`);
    raw.prepare('UPDATE imported_attempts SET record = ? WHERE uid = ?').run(JSON.stringify({ ...JSON.parse(record), answers: null }), uid);
    await failure(`成绩记录 ${uid} 已损坏（内容不完整）`);
    const answers = (JSON.parse(record).answers as unknown[][]).map((row) => [row[0], { unexpected: true }, row[2], row[3]]);
    raw.prepare('UPDATE imported_attempts SET record = ? WHERE uid = ?').run(JSON.stringify({ ...JSON.parse(record), answers }), uid);
    await failure(`成绩记录 ${uid}（${loadRecord(a.w.api.app, uid).candidate.name}）已损坏，无法导出`);
    expect(verifyIntegrity(app).problems.map((m) => m['zh-CN']).join('\n')).toContain(`成绩 ${uid}`);
    raw.prepare('UPDATE imported_attempts SET record = ? WHERE uid = ?').run(record, uid);
    expect(verifyIntegrity(app).ok).toBe(true);

    // A question snapshot gone, or no longer JSON: kb verify names it.
    const first = (JSON.parse(raw.prepare('SELECT manifest FROM result_bundles').pluck().get() as string).items as string[])[(JSON.parse(record).items as number[])[0]];
    const item = raw.prepare('SELECT item FROM imported_items WHERE hash = ?').pluck().get(first) as string;
    raw.prepare('DELETE FROM imported_items WHERE hash = ?').run(first);
    expect(verifyIntegrity(app).problems.map((m) => m['zh-CN']).join('\n')).toContain(`第 1 题的题目快照 ${first.slice(0, 12)}缺失或被修改`);
    raw.prepare('INSERT INTO imported_items (hash, item) VALUES (?, ?)').run(first, item.replace('{', '{{'));
    expect(verifyIntegrity(app).ok).toBe(false);
    raw.prepare('UPDATE imported_items SET item = ? WHERE hash = ?').run(item, first);
    expect(verifyIntegrity(app).ok).toBe(true);
    // What exports read of it (its facts, through the bundle's list: user.db migration 10) gone, not JSON or
    // changed: the export fails naming it, and kb verify says they no longer match the snapshot.
    const [bundleId, list] = raw.prepare('SELECT bundle_id, facts FROM bundle_item_facts').raw().get() as [number, string];
    const firstIndex = (JSON.parse(record).items as number[])[0];
    const pointFirstAt = (id: number | bigint) => {
      const ids = JSON.parse(list) as number[];
      ids[firstIndex] = Number(id);
      raw.prepare('UPDATE bundle_item_facts SET facts = ? WHERE bundle_id = ?').run(JSON.stringify(ids), bundleId);
    };
    const facts = raw.prepare('SELECT facts FROM item_facts WHERE id = ?').pluck().get((JSON.parse(list) as number[])[firstIndex]) as string;
    const factsProblem = ['有 1 道题目的导出摘要（item_facts）与题目快照本身不符。'];
    pointFirstAt(1e9);
    await failure('缺少第 1 题的题目快照');
    expect(verifyIntegrity(app).problems.map((m) => m['zh-CN'])).toEqual(factsProblem);
    pointFirstAt(raw.prepare('INSERT INTO item_facts (facts) VALUES (?)').run(facts.replace('[', '[[')).lastInsertRowid);
    await failure('题目快照已损坏');
    expect(verifyIntegrity(app).problems.map((m) => m['zh-CN'])).toEqual(factsProblem);
    pointFirstAt(raw.prepare(`INSERT INTO item_facts (facts) VALUES (json_set(?, '$[4]', json('["Z"]')))`).run(facts).lastInsertRowid);
    expect(verifyIntegrity(app).problems.map((m) => m['zh-CN'])).toEqual(factsProblem);
    // The list itself gone or damaged: the export names the bundle, and so does kb verify.
    const listProblem = [`结果包 #${bundleId} 的题目导出摘要清单（bundle_item_facts）缺失或无法读取。`];
    raw.prepare('UPDATE bundle_item_facts SET facts = ? WHERE bundle_id = ?').run('[1, 2', bundleId);
    await failure(`结果包 #${bundleId} 的题目清单无法读取`);
    expect(verifyIntegrity(app).problems.map((m) => m['zh-CN'])).toEqual(listProblem);
    raw.prepare('DELETE FROM bundle_item_facts WHERE bundle_id = ?').run(bundleId);
    await failure(`结果包 #${bundleId} 的题目清单无法读取`);
    expect(verifyIntegrity(app).problems.map((m) => m['zh-CN'])).toEqual(listProblem);
    raw.prepare('INSERT INTO bundle_item_facts (bundle_id, facts) VALUES (?, ?)').run(bundleId, list);
    raw.close();
    // The facts rows inserted above stay, the one not JSON among them: no list names them, so neither an
    // export nor kb verify reads them.
    expect(verifyIntegrity(app).ok).toBe(true);
    expect(await answerSheet(b, {})).toEqual(onA);
    // Exports keep SQLite's page cache small while they run, and put it back, failed or not.
    expect(app.user.pragma('cache_size', { simple: true })).toBe(pageCache);
  });
});

describe('certificates', () => {
  it('verifies a passed attempt’s code offline; one changed character or a changed score fails; a trusted PC holding the record verifies it', async () => {
    const a = await pc();
    const b = await pc();
    const taken = await takeSession(a.w, { count: 4 });
    await login(a);
    const records = taken.uids.map((uid) => loadRecord(a.w.api.app, uid));
    const passed = records.find((r) => recordPassed(r) === true)!;
    const failed = records.find((r) => recordPassed(r) === false);
    expect(passed).toBeDefined();
    if (failed) expect(certificateOf(a.w.api.app, failed)).toBeNull();
    const cert = certificateOf(a.w.api.app, passed)!;
    expect(cert.number).toBe(`KF-20250602-${passed.uid.slice(0, 8).toUpperCase()}`);
    expect(cert.code).toMatch(/^([0-9A-HJKMNP-TV-Z]{5}-){20}[0-9A-HJKMNP-TV-Z]{3}$/);
    expect(certificateOf(a.w.api.app, passed)).toEqual(cert); // deterministic

    const ok = await a.w.api.call('records.verifyCertificate', { number: cert.number, code: cert.code }, a.admin);
    expect(ok).toMatchObject({ valid: true, holder: { name: passed.candidate.name, employeeId: passed.candidate.employeeId, score: passed.score }, signer: { trusted: true } });
    // Typed in lower case without hyphens: still the same code.
    expect((await a.w.api.call('records.verifyCertificate', { number: cert.number.toLowerCase(), code: cert.code.replaceAll('-', '').toLowerCase() }, a.admin)).valid).toBe(true);

    const flip = (code: string, at: number) => code.slice(0, at) + (code[at] === 'A' ? 'B' : 'A') + code.slice(at + 1);
    for (const at of [0, 7, 60, cert.code.length - 1]) {
      const r = await a.w.api.call('records.verifyCertificate', { number: cert.number, code: flip(cert.code, at) }, a.admin);
      expect(r.valid, `character ${at}`).toBe(false);
      expect(r.holder).toBeNull();
    }
    const wrong = await a.w.api.call('records.verifyCertificate', { number: cert.number, code: flip(cert.code, 7) }, a.admin);
    expect(wrong.message['zh-CN']).toContain('校验码不符');
    const unknown = await a.w.api.call('records.verifyCertificate', { number: 'KF-20250602-00000000', code: cert.code }, a.admin);
    expect(unknown).toMatchObject({ valid: false });
    expect(unknown.message['zh-CN']).toContain('没有证书编号');

    // B holds the record only after importing it; A's key is known but not trusted → says so.
    const file = await exportBundle(a);
    const held = await b.w.api.call('bundles.import', { fileBase64: file.base64 }, b.admin);
    await b.w.api.call('bundles.approve', { id: held.bundleId, reason: '核对无误' }, b.admin);
    const untrusted = await b.w.api.call('records.verifyCertificate', { number: cert.number, code: cert.code }, b.admin);
    expect(untrusted).toMatchObject({ valid: false, signer: { trusted: false } });
    expect(untrusted.message['zh-CN']).toContain('未受信任');
    await trust(a, b);
    expect(await b.w.api.call('records.verifyCertificate', { number: cert.number, code: cert.code }, b.admin)).toMatchObject({ valid: true });
    // HR's PC issues its own certificate for the imported record; it verifies there too.
    const hrCert = certificateOf(b.w.api.app, loadRecord(b.w.api.app, passed.uid))!;
    expect(hrCert.number).toBe(cert.number);
    expect(hrCert.code).not.toBe(cert.code);
    expect((await b.w.api.call('records.verifyCertificate', { number: hrCert.number, code: hrCert.code }, b.admin)).valid).toBe(true);

    // The score changed in A's database: the code no longer matches.
    a.w.api.app.user.prepare('UPDATE exam_attempts SET score = score + 1 WHERE uid = ?').run(passed.uid);
    const changed = await a.w.api.call('records.verifyCertificate', { number: cert.number, code: cert.code }, a.admin);
    expect(changed.valid).toBe(false);
    expect(changed.message['zh-CN']).toContain('校验码不符');
  });
});

describe('session packages', () => {
  it('opens the proctor PC’s session on another PC once that PC is registered; candidates sign in there', async () => {
    const a = await pc();
    const b = await pc();
    const roster = [
      { employeeId: 'E101', name: '赵一', branch: '城东营业厅' },
      { employeeId: 'E102', name: '钱二', branch: '城西营业厅' },
    ];
    const { sessionId, code } = await a.w.openSession({ roster, title: '7月认证 第二考场', room: '培训室B', timeLimitMinutes: 75, passScore: 65 });
    const pkg = await a.w.api.call('bundles.exportSession', { sessionId }, a.w.proctor);
    expect(pkg).toMatchObject({ count: 2 });
    expect(pkg.fileName).toContain(code);

    const preview = await b.w.api.call('bundles.previewSession', { fileBase64: pkg.base64 }, b.w.proctor);
    expect(preview).toMatchObject({ code, title: '7月认证 第二考场', room: '培训室B', blueprintId: 'certification', candidates: 2, sameContent: true, sessionId: null, signer: { trusted: false } });
    const refused = await b.w.raw('bundles.importSession', { fileBase64: pkg.base64 }, b.w.proctor);
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(!refused.ok && refused.error.message['zh-CN']).toContain('请先由人事管理员在本机导入该监考电脑的身份文件');
    expect(count(b, 'exam_sessions')).toBe(0);

    await trust(a, b);
    const imported = await b.w.api.call('bundles.importSession', { fileBase64: pkg.base64 }, b.w.proctor);
    expect(imported.sessionId).toBeGreaterThan(0);
    const row = b.w.api.app.user.prepare('SELECT * FROM exam_sessions WHERE id = ?').get(imported.sessionId) as Record<string, unknown>;
    expect(row).toMatchObject({ code, status: 'draft', created_by: b.w.proctorId, time_limit_minutes: 75, pass_score: 65, room: '培训室B' });
    expect(b.w.api.app.user.prepare("SELECT count(*) FROM audit_log WHERE action = 'exam.session_import'").pluck().get()).toBe(1);
    // Importing the same package again changes nothing.
    expect(await b.w.api.call('bundles.importSession', { fileBase64: pkg.base64 }, b.w.proctor)).toMatchObject({ sessionId: imported.sessionId });
    expect(count(b, 'exam_sessions')).toBe(1);
    // The original PC already has that code: refused clearly.
    const own = await a.w.raw('bundles.importSession', { fileBase64: pkg.base64 }, a.w.proctor);
    expect(own).toMatchObject({ ok: false, error: { code: 'conflict' } });

    const view = await b.w.api.call('proctor.getSession', { sessionId: imported.sessionId! }, b.w.proctor);
    expect(view.roster.map((r) => r.name)).toEqual(['赵一', '钱二']);
    await b.w.api.call('proctor.setSessionStatus', { sessionId: imported.sessionId!, action: 'open' }, b.w.proctor);
    const s = await b.w.signIn('E102', code);
    const state = await b.w.api.call('exam.start', {}, s);
    expect(state).toBeTruthy();
    expect(b.w.api.app.user.prepare('SELECT count(*) FROM exam_attempts WHERE session_id = ?').pluck().get(imported.sessionId)).toBe(1);
  });
});

function kb(args: string[], dataDir: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli/kb.ts', ...args, '--data-dir', dataDir], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('kb verify, bundle-export, bundle-import', () => {
  it('exports and imports through the CLI, verifies intact data, and exits 1 naming a tampered imported record', async () => {
    const a = await pc();
    const b = await pc();
    const taken = await takeSession(a.w, { count: 2 });
    await login(a);
    await trust(a, b);
    const dir = tempDir();
    const out = path.join(dir, 'results.kfbundle');
    const exported = kb(['bundle-export', '--out', out, '--session', taken.code], a.w.api.app.paths.dataDir);
    expect(exported.code, exported.err).toBe(0);
    expect(exported.out).toContain('2 条成绩');
    const dry = kb(['bundle-import', out, '--dry-run'], b.w.api.app.paths.dataDir);
    expect(dry.code, dry.err).toBe(0);
    expect(dry.out).toContain('新增 / new: 2');
    const imported = kb(['bundle-import', out], b.w.api.app.paths.dataDir);
    expect(imported.code, imported.err).toBe(0);
    expect(imported.out).toContain('已导入 2 条成绩');
    expect(count(b, 'imported_attempts')).toBe(2);
    expect(b.w.api.app.user.prepare("SELECT json_extract(details, '$.via') FROM audit_log WHERE action = 'bundle.import'").pluck().get()).toBe('cli');

    const intact = kb(['verify'], b.w.api.app.paths.dataDir);
    expect(intact.code, intact.err + intact.out).toBe(0);
    expect(intact.out).toContain('校验通过 / verified: OK');
    expect(intact.out).toContain('导入成绩 / imported records: 2');

    // Someone with the database file raises a score: drops the guard trigger and edits the record and its column.
    const raw = new Database(b.w.api.app.paths.userDb);
    raw.exec('DROP TRIGGER imported_attempts_no_update');
    const uid = taken.uids[0];
    const record = raw.prepare('SELECT record FROM imported_attempts WHERE uid = ?').pluck().get(uid) as string;
    const raised = record.replace(/"score":(\d+(\.\d+)?)/, '"score":99');
    expect(raised).not.toBe(record);
    raw.prepare('UPDATE imported_attempts SET record = ?, score = 99 WHERE uid = ?').run(raised, uid);
    raw.close();
    const tampered = kb(['verify'], b.w.api.app.paths.dataDir);
    expect(tampered.code).toBe(1);
    expect(tampered.out).toContain(`成绩 ${uid}`);
    expect(tampered.out).toContain('已被修改：与签名清单中的校验值不符');

    // Only the list column changed (what HR's list shows): caught too.
    const raw2 = new Database(b.w.api.app.paths.userDb);
    raw2.prepare('UPDATE imported_attempts SET record = ?, score = 99 WHERE uid = ?').run(record, uid);
    raw2.close();
    const column = kb(['verify', '--json'], b.w.api.app.paths.dataDir);
    expect(column.code).toBe(1);
    expect(JSON.parse(column.out).problems[0].en).toContain('list columns were altered: score');
    expect(fs.existsSync(out)).toBe(true);
  }, 180_000); // six CLI processes, each opening both databases

  it('imports a bundle larger than one API call takes (7,000 attempts, each a paper of its own)', async () => {
    const a = await pc();
    const b = await pc();
    const taken = await takeSession(a.w, { count: 1 });
    await trust(a, b);
    const big = distinctPapersBundle(a.w.api.app, taken.uids[0], 7000);
    // Its base64 is more than the largest inline file (7,800,000 characters): it goes in parts.
    expect(Math.ceil(big.zip.length / 3) * 4).toBeGreaterThan(7_800_000);
    const file = path.join(tempDir(), 'big.kfbundle');
    fs.writeFileSync(file, big.zip);
    const imported = kb(['bundle-import', file], b.w.api.app.paths.dataDir);
    expect(imported.code, imported.err).toBe(0);
    expect(imported.out).toContain('已导入 7000 条成绩');
    expect(count(b, 'imported_attempts')).toBe(7000);
  }, 120_000);
});

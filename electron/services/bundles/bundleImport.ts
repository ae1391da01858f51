/**
 * Importing result bundles on HR's PC: verify everything first (parseResultBundle), then write all or
 * nothing in one transaction — the result_bundles row, the new imported_attempts (deduped by attempt uid
 * against local and already imported attempts; a later version of an imported attempt replaces it, see
 * sortRecords), their question snapshots and one audit entry.
 * A bundle signed by a key that is neither this PC's nor trusted is kept as 'pending' with its bytes and
 * merges nothing until an administrator approves it (audited, with a reason); approval checks it again.
 */
import { MAX_LISTED_CHANGES, type BundleChange, type BundleImportReport, type BundlePreview, type BundleSigner, type PendingBundle } from '../../shared/bundleTypes';
import { AppError, type Messages } from '../../shared/errors';
import type { App } from '../app';
import { appendAudit } from '../audit';
import { storeItems, type AttemptRecord } from '../records/attemptRecord';
import { parseResultBundle, type BundleRecord, type ParsedBundle } from './resultBundle';
import { sha256 } from './signedZip';
import { signerOf, trustKey } from './trust';

const msg = (zh: string, en: string): Messages => ({ 'zh-CN': zh, en });
export const bundleTarget = (id: number) => `result-bundle:${id}`;

/** What importing one attempt of a bundle does (see BundleChange for update and conflict). */
type Fate = 'new' | 'same' | 'update' | 'conflict';

interface Sorted {
  record: BundleRecord;
  fate: Fate;
  /** The version here, for an update or a conflict. */
  here?: { bundleId: number; score: number | null };
}

type AuditTrail = AttemptRecord['audit'];

/** `later` holds every entry of `earlier`, in order, and more: the same attempt, changed since. */
function continues(earlier: AuditTrail, later: AuditTrail): boolean {
  return later.length > earlier.length && earlier.every((e, i) => JSON.stringify(e) === JSON.stringify(later[i]));
}

const auditOf = (line: string | Buffer): AuditTrail => (JSON.parse(line.toString()) as Pick<AttemptRecord, 'audit'>).audit;

/**
 * Sorts a bundle's attempts against what this PC holds. An attempt taken on this PC is always kept as it
 * is here. An imported one whose bundle version differs is replaced only by a later version of the same
 * signer; an earlier version counts as already here, anything else is a conflict.
 */
function sortRecords(app: App, p: ParsedBundle): Sorted[] {
  const local = app.user.prepare('SELECT 1 FROM exam_attempts WHERE uid = ?').pluck();
  const stored = app.user.prepare(
    `SELECT i.bundle_id AS bundleId, i.record_sha256 AS sha256, i.score, b.signer_fingerprint AS signer
     FROM imported_attempts i JOIN result_bundles b ON b.id = i.bundle_id WHERE i.uid = ?`,
  );
  const storedLine = app.user.prepare('SELECT record FROM imported_attempts WHERE uid = ?').pluck();
  const signer = p.zip.manifest.installation.fingerprint;
  return p.records.map((record): Sorted => {
    if (local.get(record.uid) !== undefined) return { record, fate: 'same' };
    const here = stored.get(record.uid) as { bundleId: number; sha256: string; score: number | null; signer: string } | undefined;
    if (!here) return { record, fate: 'new' };
    if (here.sha256 === record.sha256) return { record, fate: 'same' };
    if (here.signer === signer) {
      const before = auditOf(storedLine.get(record.uid) as string);
      const after = auditOf(p.lineOf(record));
      if (continues(before, after)) return { record, fate: 'update', here };
      if (continues(after, before)) return { record, fate: 'same' };
    }
    return { record, fate: 'conflict', here };
  });
}

interface Tally {
  added: number;
  updated: number;
  duplicates: number;
  conflicts: number;
}

function tally(sorted: Sorted[]): Tally {
  const count = (fate: Fate) => sorted.reduce((n, s) => n + (s.fate === fate ? 1 : 0), 0);
  return { added: count('new'), updated: count('update'), duplicates: count('same'), conflicts: count('conflict') };
}

function changesOf(sorted: Sorted[]): BundleChange[] {
  return sorted
    .filter((s) => s.fate === 'update' || s.fate === 'conflict')
    .slice(0, MAX_LISTED_CHANGES)
    .map(({ record: r, fate, here }) => ({
      uid: r.uid,
      name: r.columns.name,
      employeeId: r.columns.employee_id,
      sessionCode: r.columns.session_code,
      kind: fate as BundleChange['kind'],
      scoreBefore: here!.score,
      scoreAfter: r.columns.score,
    }));
}

function sessionsOf(p: ParsedBundle) {
  return p.zip.manifest.sessions.map((s) => ({ code: s.code, title: s.title, date: s.date, attempts: s.attempts }));
}

function signerOfBundle(app: App, p: ParsedBundle): BundleSigner {
  return signerOf(app, p.zip.manifest.installation.fingerprint, p.zip.manifest.installation.label);
}

export function previewBundle(app: App, zip: Uint8Array): BundlePreview {
  const p = parseResultBundle(zip);
  const sorted = sortRecords(app, p);
  const t = tally(sorted);
  const signer = signerOfBundle(app, p);
  return {
    signer,
    createdAt: p.zip.manifest.createdAt,
    attempts: p.records.length,
    newAttempts: t.added,
    duplicates: t.duplicates,
    updates: t.updated,
    conflicts: t.conflicts,
    changes: changesOf(sorted),
    sessions: sessionsOf(p),
    needsApproval: !signer.trusted,
  };
}

/**
 * Writes the new attempts and later versions of a verified bundle; call inside a transaction. The version
 * an update replaces moves to superseded_attempts as it was stored (bytes, bundle and hash), so kb verify
 * still accounts for every attempt each bundle brought.
 */
function mergeRecords(app: App, bundleId: number, p: ParsedBundle): Tally & { updatedUids: string[]; conflictUids: string[] } {
  const db = app.user;
  const sorted = sortRecords(app, p);
  // The record goes in as the bytes that were signed (CAST: bound as UTF-8 bytes, stored as TEXT), with
  // no round trip through a JavaScript string.
  const insertAttempt = db.prepare(
    `INSERT INTO imported_attempts (uid, bundle_id, record, record_sha256, session_code, session_title, blueprint_id, exam_date, room,
       employee_id, name, branch, score, max_score, pass_score, state, submit_kind, fingerprint, started_at, submitted_at)
     VALUES (@uid, @bundle_id, CAST(@record AS TEXT), @record_sha256, @session_code, @session_title, @blueprint_id, @exam_date, @room, @employee_id, @name, @branch,
       @score, @max_score, @pass_score, @state, @submit_kind, @fingerprint, @started_at, @submitted_at)`,
  );
  const supersede = db.prepare(
    `INSERT INTO superseded_attempts (uid, bundle_id, record, record_sha256, superseded_by, superseded_at)
     SELECT uid, bundle_id, record, record_sha256, ?, ? FROM imported_attempts WHERE uid = ?`,
  );
  const remove = db.prepare('DELETE FROM imported_attempts WHERE uid = ?');
  const now = app.now();
  const needed = new Set<number>();
  for (const { record: r, fate } of sorted) {
    if (fate !== 'new' && fate !== 'update') continue;
    if (fate === 'update') {
      supersede.run(bundleId, now, r.uid);
      remove.run(r.uid);
    }
    insertAttempt.run({ uid: r.uid, bundle_id: bundleId, record: p.lineOf(r), record_sha256: r.sha256, ...r.columns });
    for (const index of r.items) needed.add(index);
  }
  const hashes = p.zip.manifest.items;
  storeItems(db, bundleId, hashes.map((hash, index) => (needed.has(index) ? [hash, p.snapshots[index]] : null)));
  const uidsOf = (fate: Fate) => sorted.filter((s) => s.fate === fate).map((s) => s.record.uid);
  return { ...tally(sorted), updatedUids: uidsOf('update'), conflictUids: uidsOf('conflict') };
}

function auditDetails(p: ParsedBundle, signer: BundleSigner, merged?: ReturnType<typeof mergeRecords>) {
  return {
    bundleSha256: p.zip.sha256,
    manifestSha256: sha256(p.zip.manifestText),
    signer: signer.fingerprint,
    signerLabel: p.zip.manifest.installation.label,
    attempts: p.records.length,
    added: merged?.added ?? 0,
    duplicates: merged?.duplicates ?? 0,
    updated: merged?.updatedUids ?? [],
    conflicts: merged?.conflictUids ?? [],
    sessions: p.zip.manifest.sessions.map((s) => s.code),
  };
}

interface BundleRow {
  id: number;
  status: 'pending' | 'merged' | 'rejected';
  attempt_count: number;
  added_count: number;
  signer_fingerprint: string;
  signer_label: string;
  manifest: string;
  payload: Buffer | null;
  received_at: number;
  received_by_name: string | null;
}

const BUNDLE_ROW = `SELECT b.id, b.status, b.attempt_count, b.added_count, b.signer_fingerprint, b.signer_label, b.manifest, b.payload, b.received_at,
  p.name || ' (' || p.employee_id || ')' AS received_by_name FROM result_bundles b LEFT JOIN people p ON p.id = b.received_by`;

const NOTHING: Tally = { added: 0, updated: 0, duplicates: 0, conflicts: 0 };

function mergedMessage(t: Tally): Messages {
  const zh = [`已导入 ${t.added} 条成绩`];
  const en = [`Imported ${t.added} attempts`];
  if (t.updated) {
    zh.push(`${t.updated} 条更新为签名电脑上的新版本（旧版本保留备查）`);
    en.push(`${t.updated} replaced by a later version from the signing PC (the earlier versions are kept)`);
  }
  if (t.duplicates) {
    zh.push(`${t.duplicates} 条已存在（未重复导入）`);
    en.push(`${t.duplicates} were already here (not imported again)`);
  }
  if (t.conflicts) {
    zh.push(`${t.conflicts} 条与本机已有的成绩不一致且不是其后续版本，未导入，请与考点核实`);
    en.push(`${t.conflicts} differ from the attempts here without continuing them and were not imported: check with the exam site`);
  }
  return msg(`${zh.join('，')}。`, `${en.join('; ')}.`);
}

function report(status: BundleImportReport['status'], bundleId: number, t: Tally, signer: BundleSigner): BundleImportReport {
  const messages = {
    merged: mergedMessage(t),
    pending: msg(
      `签名电脑“${signer.label}”不在受信任列表中：结果包已暂存，待管理员核对指纹后批准，尚未导入任何成绩。`,
      `The signing PC "${signer.label}" is not trusted: the bundle is held until an administrator checks its fingerprint and approves it; nothing was imported.`,
    ),
    already_imported: msg('该结果包之前已导入，本次未添加任何记录。', 'This bundle was imported before; nothing was added.'),
  };
  return { status, bundleId, ...t, signer, message: messages[status] };
}

export function importBundle(app: App, actorId: number, zip: Uint8Array, via: 'app' | 'cli' = 'app'): BundleImportReport {
  const p = parseResultBundle(zip);
  const signer = signerOfBundle(app, p);
  const db = app.user;
  return db.transaction((): BundleImportReport => {
    const existing = db.prepare(`${BUNDLE_ROW} WHERE b.sha256 = ?`).get(p.zip.sha256) as BundleRow | undefined;
    if (existing?.status === 'merged') return report('already_imported', existing.id, { ...NOTHING, duplicates: existing.attempt_count }, signer);
    if (existing?.status === 'pending') return report('pending', existing.id, NOTHING, signer);
    if (existing?.status === 'rejected') {
      throw new AppError('conflict', msg('该结果包之前已被管理员拒绝，不能再次导入。请让对方重新导出。', 'An administrator rejected this bundle before; it cannot be imported again. Ask for a new export.'));
    }
    const now = app.now();
    const m = p.zip.manifest;
    const { lastInsertRowid } = db
      .prepare(
        `INSERT INTO result_bundles (sha256, signer_fingerprint, signer_public_key, signer_label, manifest, signature, status, attempt_count, added_count, payload,
           received_by, received_at, decided_by, decided_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)`,
      )
      .run(
        p.zip.sha256,
        m.installation.fingerprint,
        m.installation.publicKey,
        m.installation.label,
        p.zip.manifestText,
        p.zip.signature,
        signer.trusted ? 'merged' : 'pending',
        p.records.length,
        signer.trusted ? null : Buffer.from(zip),
        actorId,
        now,
        signer.trusted ? actorId : null,
        signer.trusted ? now : null,
      );
    const id = Number(lastInsertRowid);
    if (!signer.trusted) {
      appendAudit(db, now, { actorId, action: 'bundle.hold', target: bundleTarget(id), details: { ...auditDetails(p, signer), via } });
      return report('pending', id, NOTHING, signer);
    }
    const merged = mergeRecords(app, id, p);
    db.prepare('UPDATE result_bundles SET added_count = ? WHERE id = ?').run(merged.added + merged.updated, id);
    appendAudit(db, now, { actorId, action: 'bundle.import', target: bundleTarget(id), details: { ...auditDetails(p, signer, merged), via } });
    return report('merged', id, merged, signer);
  })();
}

function pendingRow(app: App, id: number): BundleRow {
  const row = app.user.prepare(`${BUNDLE_ROW} WHERE b.id = ?`).get(id) as BundleRow | undefined;
  if (!row) throw new AppError('not_found', msg(`找不到结果包：${id}`, `No such bundle: ${id}`));
  if (row.status !== 'pending' || !row.payload) {
    throw new AppError('conflict', msg(`结果包 ${id} 不在待批准状态（${row.status === 'merged' ? '已导入' : '已拒绝'}）。`, `Bundle ${id} is not waiting for approval (${row.status}).`));
  }
  return row;
}

export function approveBundle(app: App, actorId: number, id: number, reason: string, trustSigner: boolean): BundleImportReport {
  const row = pendingRow(app, id);
  // The held bytes are checked again: what is merged is exactly what verifies now.
  const p = parseResultBundle(row.payload!);
  const db = app.user;
  return db.transaction((): BundleImportReport => {
    pendingRow(app, id); // still pending inside the transaction
    const now = app.now();
    const m = p.zip.manifest;
    if (trustSigner) trustKey(app, actorId, { fingerprint: m.installation.fingerprint, publicKey: m.installation.publicKey, label: m.installation.label }, reason, 'bundle_approval');
    const signer = signerOfBundle(app, p);
    const merged = mergeRecords(app, id, p);
    db.prepare("UPDATE result_bundles SET status = 'merged', added_count = ?, payload = NULL, decided_by = ?, decided_at = ?, reason = ? WHERE id = ?").run(
      merged.added + merged.updated,
      actorId,
      now,
      reason,
      id,
    );
    appendAudit(db, now, { actorId, action: 'bundle.approve', target: bundleTarget(id), details: { ...auditDetails(p, signer, merged), reason, trustSigner } });
    return report('merged', id, merged, signer);
  })();
}

export function rejectBundle(app: App, actorId: number, id: number, reason: string): PendingBundle[] {
  const db = app.user;
  db.transaction(() => {
    const row = pendingRow(app, id);
    const now = app.now();
    db.prepare("UPDATE result_bundles SET status = 'rejected', payload = NULL, decided_by = ?, decided_at = ?, reason = ? WHERE id = ?").run(actorId, now, reason, id);
    appendAudit(db, now, { actorId, action: 'bundle.reject', target: bundleTarget(id), details: { signer: row.signer_fingerprint, signerLabel: row.signer_label, attempts: row.attempt_count, reason } });
  })();
  return listPending(app);
}

export function listPending(app: App): PendingBundle[] {
  const rows = app.user.prepare(`${BUNDLE_ROW} WHERE b.status = 'pending' ORDER BY b.received_at, b.id`).all() as BundleRow[];
  return rows.map((r) => {
    const manifest = JSON.parse(r.manifest) as ParsedBundle['zip']['manifest'];
    return {
      id: r.id,
      signer: signerOf(app, r.signer_fingerprint, r.signer_label),
      attempts: r.attempt_count,
      receivedAt: r.received_at,
      receivedBy: r.received_by_name ?? '',
      sessions: manifest.sessions,
    };
  });
}


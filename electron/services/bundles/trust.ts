/**
 * Trusted installations: the PCs whose signed result bundles and session packages this PC accepts without
 * an administrator's approval. A PC is registered from its identity file — its label and public key,
 * signed by its own key so a damaged or edited file is caught — and compared by fingerprint.
 */
import { z } from 'zod';
import type { BundleFile, BundleSigner, TrustedInstallation } from '../../shared/bundleTypes';
import { AppError, type Messages } from '../../shared/errors';
import type { App } from '../app';
import { appendAudit } from '../audit';
import { fingerprintOf, installationIdentity, signBytes, verifyBytes } from '../records/installationKey';

const msg = (zh: string, en: string): Messages => ({ 'zh-CN': zh, en });
export const refuse = (zh: string, en: string) => new AppError('invalid_input', msg(zh, en));

export interface SignerKey {
  fingerprint: string;
  publicKey: string;
  label: string;
  /** This PC's own key or an installation registered as trusted (and not removed). */
  trusted: boolean;
}

/** Every key this PC knows: its own, trusted ones, once-trusted ones and the signers of received bundles. */
export function signerKeys(app: App): SignerKey[] {
  const own = installationIdentity(app);
  const keys = new Map<string, SignerKey>([[own.fingerprint, { fingerprint: own.fingerprint, publicKey: own.publicKey, label: own.label, trusted: true }]]);
  const rows = app.user.prepare('SELECT fingerprint, public_key, label, removed_at FROM trusted_installations ORDER BY removed_at IS NOT NULL').all() as {
    fingerprint: string;
    public_key: string;
    label: string;
    removed_at: number | null;
  }[];
  for (const r of rows) if (!keys.has(r.fingerprint)) keys.set(r.fingerprint, { fingerprint: r.fingerprint, publicKey: r.public_key, label: r.label, trusted: r.removed_at === null });
  const signers = app.user.prepare('SELECT DISTINCT signer_fingerprint, signer_public_key, signer_label FROM result_bundles').all() as {
    signer_fingerprint: string;
    signer_public_key: string;
    signer_label: string;
  }[];
  for (const s of signers) {
    if (!keys.has(s.signer_fingerprint) && fingerprintOf(s.signer_public_key) === s.signer_fingerprint) {
      keys.set(s.signer_fingerprint, { fingerprint: s.signer_fingerprint, publicKey: s.signer_public_key, label: s.signer_label, trusted: false });
    }
  }
  return [...keys.values()];
}

/** How this PC sees the signer of a bundle (label: the registered one when trusted, else as the bundle says). */
export function signerOf(app: App, fingerprint: string, label: string): BundleSigner {
  const own = installationIdentity(app);
  if (own.fingerprint === fingerprint) return { fingerprint, label: own.label, trusted: true, own: true };
  const t = app.user.prepare('SELECT label FROM trusted_installations WHERE fingerprint = ? AND removed_at IS NULL').pluck().get(fingerprint) as string | undefined;
  return { fingerprint, label: t ?? label, trusted: t !== undefined, own: false };
}

// ---- identity files -------------------------------------------------------------------------------

const identityFields = z.strictObject({
  format: z.literal('kefucert-installation'),
  version: z.literal(1),
  label: z.string().min(1).max(60),
  publicKey: z.string().min(1).max(200),
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.number().int().min(0),
});
const identityFile = identityFields.extend({ signature: z.string().max(200) });
type IdentityFields = z.infer<typeof identityFields>;

const signedIdentityBytes = (f: IdentityFields) =>
  Buffer.from(JSON.stringify([f.format, f.version, f.label, f.publicKey, f.fingerprint, f.createdAt]), 'utf8');

export function exportIdentityFile(app: App): BundleFile {
  const id = installationIdentity(app);
  const fields: IdentityFields = { format: 'kefucert-installation', version: 1, label: id.label, publicKey: id.publicKey, fingerprint: id.fingerprint, createdAt: id.createdAt };
  const text = JSON.stringify({ ...fields, signature: signBytes(app, signedIdentityBytes(fields)) }, null, 2);
  const safe = id.label.replace(/[\\/:*?"<>|\s]+/g, '_');
  return { fileName: `电脑身份_${safe}_${id.fingerprint.slice(0, 8)}.kfid`, mimeType: 'application/json', base64: Buffer.from(text, 'utf8').toString('base64'), count: 1 };
}

/** Reads and checks an identity file: shape, fingerprint of the key, and its self-signature. */
export function readIdentityFile(fileBase64: string): IdentityFields {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(fileBase64, 'base64').toString('utf8'));
  } catch {
    throw refuse('这不是电脑身份文件（无法读取 JSON）。', 'This is not an installation identity file (not readable JSON).');
  }
  const r = identityFile.safeParse(parsed);
  if (!r.success) throw refuse('这不是有效的电脑身份文件（格式或版本不符）。', 'This is not a valid installation identity file (wrong format or version).');
  const { signature, ...fields } = r.data;
  if (fingerprintOf(fields.publicKey) !== fields.fingerprint || !verifyBytes(fields.publicKey, signedIdentityBytes(fields), signature)) {
    throw refuse('电脑身份文件已损坏或被修改：签名校验不通过。请在该电脑上重新导出。', 'The identity file is damaged or was edited: its signature does not verify. Export it again on that PC.');
  }
  return fields;
}

// ---- the trusted list -----------------------------------------------------------------------------

interface TrustedRow {
  fingerprint: string;
  label: string;
  added_at: number;
  added_by_name: string | null;
}

export function listTrusted(app: App): TrustedInstallation[] {
  const rows = app.user
    .prepare(
      `SELECT t.fingerprint, t.label, t.added_at, p.name || ' (' || p.employee_id || ')' AS added_by_name
       FROM trusted_installations t LEFT JOIN people p ON p.id = t.added_by WHERE t.removed_at IS NULL ORDER BY t.added_at, t.fingerprint`,
    )
    .all() as TrustedRow[];
  return rows.map((r) => ({ fingerprint: r.fingerprint, label: r.label, addedBy: r.added_by_name ?? '', addedAt: r.added_at }));
}

/** Adds (or re-adds) a key to the trusted list; call inside the caller's transaction. */
export function trustKey(app: App, actorId: number, key: { fingerprint: string; publicKey: string; label: string }, reason: string, how: string): void {
  const db = app.user;
  const now = app.now();
  db.prepare(
    `INSERT INTO trusted_installations (fingerprint, public_key, label, added_by, added_at, removed_at) VALUES (?, ?, ?, ?, ?, NULL)
     ON CONFLICT (fingerprint) DO UPDATE SET label = excluded.label, added_by = excluded.added_by, added_at = excluded.added_at, removed_at = NULL`,
  ).run(key.fingerprint, key.publicKey, key.label, actorId, now);
  appendAudit(db, now, { actorId, action: 'installation.trust', target: `installation:${key.fingerprint}`, details: { fingerprint: key.fingerprint, label: key.label, reason, how } });
}

export function trustInstallation(app: App, actorId: number, fileBase64: string, reason: string): TrustedInstallation {
  const f = readIdentityFile(fileBase64);
  if (f.fingerprint === installationIdentity(app).fingerprint) {
    throw refuse('这是本机自己的身份文件，无需登记。', "This is this PC's own identity file; it needs no registering.");
  }
  app.user.transaction(() => trustKey(app, actorId, f, reason, 'identity_file'))();
  return listTrusted(app).find((t) => t.fingerprint === f.fingerprint)!;
}

export function untrustInstallation(app: App, actorId: number, fingerprint: string, reason: string): TrustedInstallation[] {
  const db = app.user;
  db.transaction(() => {
    const row = db.prepare('SELECT label FROM trusted_installations WHERE fingerprint = ? AND removed_at IS NULL').pluck().get(fingerprint) as string | undefined;
    if (row === undefined) throw new AppError('not_found', msg('受信任电脑列表中没有该指纹。', 'No trusted installation has that fingerprint.'));
    const now = app.now();
    db.prepare('UPDATE trusted_installations SET removed_at = ? WHERE fingerprint = ?').run(now, fingerprint);
    appendAudit(db, now, { actorId, action: 'installation.untrust', target: `installation:${fingerprint}`, details: { fingerprint, label: row, reason } });
  })();
  return listTrusted(app);
}

/**
 * This installation's Ed25519 signing key (node:crypto). It is created on first use — in one transaction,
 * audited — and never leaves user.db; result bundles, session packages, identity files and certificates
 * are signed with it. The fingerprint is the SHA-256 of the public key (SPKI DER) in hex: it is what an
 * administrator compares when registering a PC as trusted.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import type { Db } from '../../../db/open';
import type { InstallationIdentity } from '../../shared/bundleTypes';
import type { App } from '../app';
import { appendAudit } from '../audit';

interface KeyRow {
  label: string;
  public_key: string;
  private_key: string;
  fingerprint: string;
  created_at: number;
}

/** SHA-256 hex of a public key given as base64 SPKI DER. */
export function fingerprintOf(publicKeyBase64: string): string {
  return crypto.createHash('sha256').update(Buffer.from(publicKeyBase64, 'base64')).digest('hex');
}

/** The hostname, trimmed to the 60 characters a label may have. */
const defaultLabel = () => (os.hostname() || 'PC').slice(0, 60);

function keyRow(app: App): KeyRow {
  const db = app.user;
  const read = () => db.prepare('SELECT label, public_key, private_key, fingerprint, created_at FROM installation_key WHERE id = 1').get() as KeyRow | undefined;
  const existing = read();
  if (existing) return existing;
  return db.transaction(() => {
    const again = read();
    if (again) return again;
    const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
    const pub = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    const row: KeyRow = {
      label: defaultLabel(),
      public_key: pub,
      private_key: privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
      fingerprint: fingerprintOf(pub),
      created_at: app.now(),
    };
    db.prepare('INSERT INTO installation_key (id, label, public_key, private_key, fingerprint, created_at) VALUES (1, @label, @public_key, @private_key, @fingerprint, @created_at)').run(row);
    appendAudit(db, row.created_at, { actorId: null, action: 'installation.key_create', target: 'installation', details: { fingerprint: row.fingerprint, label: row.label } });
    return row;
  })();
}

export function installationIdentity(app: App): InstallationIdentity {
  const r = keyRow(app);
  return { label: r.label, fingerprint: r.fingerprint, publicKey: r.public_key, createdAt: r.created_at };
}

const privateKeys = new WeakMap<Db, crypto.KeyObject>();

/** Ed25519 signature of `bytes` by this installation, base64. */
export function signBytes(app: App, bytes: Uint8Array): string {
  let key = privateKeys.get(app.user);
  if (!key) {
    key = crypto.createPrivateKey({ key: Buffer.from(keyRow(app).private_key, 'base64'), format: 'der', type: 'pkcs8' });
    privateKeys.set(app.user, key);
  }
  return crypto.sign(null, bytes, key).toString('base64');
}

/** True when `sigBase64` is an Ed25519 signature of `bytes` by the key; false for any malformed input. */
export function verifyBytes(publicKeyBase64: string, bytes: Uint8Array, sigBase64: string): boolean {
  try {
    const key = crypto.createPublicKey({ key: Buffer.from(publicKeyBase64, 'base64'), format: 'der', type: 'spki' });
    if (key.asymmetricKeyType !== 'ed25519') return false;
    const sig = Buffer.from(sigBase64, 'base64');
    return sig.length === 64 && crypto.verify(null, bytes, key, sig);
  } catch {
    return false;
  }
}

/** Renames this installation as shown to the PCs that trust it (audited). */
export function setInstallationLabel(app: App, actorId: number | null, label: string): InstallationIdentity {
  const before = keyRow(app);
  app.user.transaction(() => {
    app.user.prepare('UPDATE installation_key SET label = ? WHERE id = 1').run(label);
    appendAudit(app.user, app.now(), { actorId, action: 'installation.label', target: 'installation', details: { from: before.label, to: label } });
  })();
  return installationIdentity(app);
}

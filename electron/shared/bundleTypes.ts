/** Installation keys, trusted installations, result bundles and session packages as the admin screens see them. */
import type { Messages } from './errors';

export interface InstallationIdentity {
  label: string;
  /** SHA-256 of the Ed25519 public key (SPKI DER), 64 hex characters; shown grouped by four. */
  fingerprint: string;
  publicKey: string;
  createdAt: number;
}

export interface TrustedInstallation {
  fingerprint: string;
  label: string;
  addedBy: string;
  addedAt: number;
}

export interface BundleFile {
  fileName: string;
  mimeType: string;
  base64: string;
  /** Attempts (result bundle) or candidates (session package) in the file. */
  count: number;
}

export interface BundleSigner {
  fingerprint: string;
  label: string;
  /** This PC's own key, or registered as trusted. */
  trusted: boolean;
  own: boolean;
}

/**
 * An attempt of a bundle that is already here in another version: `update` — a later version from the PC
 * that signed the one here (it was reopened or regraded there: its audit trail continues this one's), which
 * replaces it while the earlier version is kept; `conflict` — a version that does not continue the one here
 * (or comes from another PC), which is not imported.
 */
export interface BundleChange {
  uid: string;
  name: string;
  employeeId: string;
  sessionCode: string;
  kind: 'update' | 'conflict';
  scoreBefore: number | null;
  scoreAfter: number | null;
}

export interface BundlePreview {
  signer: BundleSigner;
  createdAt: number;
  attempts: number;
  /** Attempts not yet here (dedupe by attempt uid). */
  newAttempts: number;
  /** Attempts here already, as they are in the bundle or in a later version. */
  duplicates: number;
  /** Later versions of attempts here (see BundleChange). */
  updates: number;
  conflicts: number;
  /** The updates and conflicts, the first MAX_LISTED_CHANGES of them. */
  changes: BundleChange[];
  sessions: { code: string; title: string; date: string; attempts: number }[];
  /** An unknown signer's bundle is not merged until an admin approves it. */
  needsApproval: boolean;
}

export const MAX_LISTED_CHANGES = 50;

/** Bytes per bundles.upload call: its base64 stays well under the bridge's 8 MiB body limit. */
export const UPLOAD_PART_BYTES = 3 << 20;

/** A file cut into the parts bundles.upload takes, in order (the app and `kb bundle-import` both send them). */
export function uploadParts(bytes: Uint8Array): Uint8Array[] {
  const parts: Uint8Array[] = [];
  for (let at = 0; at < bytes.length || at === 0; at += UPLOAD_PART_BYTES) parts.push(bytes.subarray(at, at + UPLOAD_PART_BYTES));
  return parts;
}

export interface BundleImportReport {
  status: 'merged' | 'pending' | 'already_imported';
  bundleId: number;
  added: number;
  duplicates: number;
  updated: number;
  conflicts: number;
  signer: BundleSigner;
  message: Messages;
}

export interface PendingBundle {
  id: number;
  signer: BundleSigner;
  attempts: number;
  receivedAt: number;
  receivedBy: string;
  sessions: { code: string; title: string; date: string; attempts: number }[];
}

export interface SessionPackagePreview {
  code: string;
  title: string;
  date: string;
  room: string;
  blueprintId: string;
  candidates: number;
  signer: BundleSigner;
  /** The content version the package was made with matches this PC's course. */
  sameContent: boolean;
  /** Set by importSession: the new session's id here. */
  sessionId: number | null;
}

/** `kb verify`: the audit chain and every merged bundle's signature and records, checked again. */
export interface IntegrityReport {
  ok: boolean;
  auditEntries: number;
  bundles: number;
  records: number;
  /** The problems found, first one first (empty when ok). */
  problems: Messages[];
}

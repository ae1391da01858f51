import crypto from 'node:crypto';
import type { Db } from '../../db/open';

export interface AuditEntry {
  actorId: number | null;
  action: string;
  target?: string | null;
  details?: Record<string, unknown>;
}

interface AuditRow {
  id: number;
  at: number;
  actor_id: number | null;
  action: string;
  target: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}

function entryHash(prev: string, at: number, actorId: number | null, action: string, target: string | null, details: string): string {
  return crypto.createHash('sha256').update(JSON.stringify([prev, at, actorId, action, target, details])).digest('hex');
}

/**
 * Appends to the audit log, an append-only hash chain: each entry's hash covers the previous hash,
 * so editing or removing an entry breaks every hash after it. Call inside the transaction of the
 * change it records, so the record and its audit entry commit together.
 */
export function appendAudit(db: Db, now: number, e: AuditEntry): void {
  const prev = (db.prepare('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1').pluck().get() as string | undefined) ?? '';
  const details = JSON.stringify(e.details ?? {});
  const target = e.target ?? null;
  db.prepare('INSERT INTO audit_log (at, actor_id, action, target, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    now,
    e.actorId,
    e.action,
    target,
    details,
    prev,
    entryHash(prev, now, e.actorId, e.action, target, details),
  );
}

/** Checks the whole chain; returns the id of the first broken entry, or null when intact. */
export function verifyAuditChain(db: Db): number | null {
  let prev = '';
  for (const row of db.prepare('SELECT * FROM audit_log ORDER BY id').iterate() as IterableIterator<AuditRow>) {
    if (row.prev_hash !== prev || row.hash !== entryHash(prev, row.at, row.actor_id, row.action, row.target, row.details)) return row.id;
    prev = row.hash;
  }
  return null;
}

import type { Db } from '../../db/open';
import { AppError } from '../shared/errors';
import type { PersonRole, PersonView } from '../shared/types';
import { appendAudit } from './audit';
import { hashSecret, verifySecret } from './secrets';

export const MAX_FAILED_TRIES = 5;
const FIRST_LOCK_MS = 30_000;
const MAX_LOCK_MS = 60 * 60_000;

interface PersonRow {
  id: number;
  employee_id: string;
  name: string;
  branch: string;
  role: PersonRole;
  secret_hash: string | null;
  failed_tries: number;
  locked_until: number | null;
}

const toView = (r: PersonRow): PersonView => ({
  id: r.id,
  employeeId: r.employee_id,
  name: r.name,
  branch: r.branch,
  role: r.role,
  hasSecret: r.secret_hash !== null,
});

// Verifying against a real-looking hash keeps a wrong employee id as slow as a wrong password.
const DUMMY_HASH = hashSecret('not-a-real-secret');

export function getPerson(db: Db, id: number): PersonView | null {
  const row = db.prepare('SELECT * FROM people WHERE id = ?').get(id) as PersonRow | undefined;
  return row ? toView(row) : null;
}

export function hasAdmin(db: Db): boolean {
  return db.prepare("SELECT 1 FROM people WHERE role = 'admin' LIMIT 1").get() !== undefined;
}

export function listPeople(db: Db, role?: PersonRole): PersonView[] {
  const rows = (
    role
      ? db.prepare('SELECT * FROM people WHERE role = ? ORDER BY name, employee_id').all(role)
      : db.prepare('SELECT * FROM people ORDER BY role, name, employee_id').all()
  ) as PersonRow[];
  return rows.map(toView);
}

export interface NewPerson {
  employeeId: string;
  name: string;
  branch: string;
  role: PersonRole;
  secret?: string;
}

export function createPerson(db: Db, now: number, actorId: number | null, p: NewPerson): PersonView {
  return db.transaction(() => {
    const taken = db.prepare('SELECT 1 FROM people WHERE employee_id = ?').get(p.employeeId);
    if (taken) {
      throw new AppError('conflict', {
        'zh-CN': `工号 ${p.employeeId} 已被使用。`,
        en: `Employee id ${p.employeeId} is already in use.`,
      });
    }
    const { lastInsertRowid } = db
      .prepare('INSERT INTO people (employee_id, name, branch, role, secret_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(p.employeeId, p.name, p.branch, p.role, p.secret ? hashSecret(p.secret) : null, now);
    const id = Number(lastInsertRowid);
    appendAudit(db, now, { actorId: actorId ?? id, action: 'person.create', target: `person:${id}`, details: { role: p.role, employeeId: p.employeeId } });
    return getPerson(db, id)!;
  })();
}

function lockedError(until: number, now: number): AppError {
  const seconds = Math.ceil((until - now) / 1000);
  return new AppError('locked', {
    'zh-CN': `尝试次数过多，账户已锁定，请在 ${seconds} 秒后再试。`,
    en: `Too many failed tries: the account is locked. Try again in ${seconds} seconds.`,
  });
}

/**
 * Checks a password or PIN. Five failed tries lock the account; each further failure doubles the
 * lock (30 s, 1 min, 2 min … up to an hour). Success resets the count.
 */
export function checkSecret(db: Db, now: number, row: PersonRow | undefined, secret: string): PersonView {
  if (row?.locked_until && row.locked_until > now) throw lockedError(row.locked_until, now);
  const ok = verifySecret(secret, row?.secret_hash ?? DUMMY_HASH) && row !== undefined;
  if (!row) throw new AppError('bad_credentials');
  if (ok) {
    db.prepare('UPDATE people SET failed_tries = 0, locked_until = NULL WHERE id = ?').run(row.id);
    return toView(row);
  }
  const tries = row.failed_tries + 1;
  const lockedUntil = tries >= MAX_FAILED_TRIES ? now + Math.min(FIRST_LOCK_MS * 2 ** (tries - MAX_FAILED_TRIES), MAX_LOCK_MS) : null;
  db.transaction(() => {
    db.prepare('UPDATE people SET failed_tries = ?, locked_until = ? WHERE id = ?').run(tries, lockedUntil, row.id);
    if (lockedUntil) appendAudit(db, now, { actorId: null, action: 'person.locked', target: `person:${row.id}`, details: { tries } });
  })();
  if (lockedUntil) throw lockedError(lockedUntil, now);
  throw new AppError('bad_credentials', {
    'zh-CN': `${row.role === 'learner' ? 'PIN 码' : '工号或密码'}不正确，还可尝试 ${MAX_FAILED_TRIES - tries} 次。`,
    en: `Wrong ${row.role === 'learner' ? 'PIN' : 'employee id or password'}; ${MAX_FAILED_TRIES - tries} tries left before the account locks.`,
  });
}

/** Staff sign-in with employee id and password. */
export function staffSignIn(db: Db, now: number, employeeId: string, password: string): PersonView {
  const row = db.prepare("SELECT * FROM people WHERE employee_id = ? AND role IN ('proctor', 'admin')").get(employeeId) as PersonRow | undefined;
  return checkSecret(db, now, row, password);
}

/** A learner picks a profile on the shared PC; a PIN is needed when the profile has one. */
export function learnerSignIn(db: Db, now: number, personId: number, pin: string | undefined): PersonView {
  const row = db.prepare("SELECT * FROM people WHERE id = ? AND role = 'learner'").get(personId) as PersonRow | undefined;
  if (!row) throw new AppError('not_found', { 'zh-CN': '找不到该学员档案。', en: 'No such learner profile.' });
  if (row.secret_hash === null) return toView(row);
  return checkSecret(db, now, row, pin ?? '');
}

/**
 * Filtering score records: one WHERE clause over the attempt_records view (local and imported attempts)
 * shared by the list, statistics, exports and result bundles. A proctor's scope is the sessions they
 * created on this PC, whatever the filter asks for; an admin sees everything.
 */
import type { Db } from '../../../db/open';
import type { RecordFilter } from '../../shared/calls/records';
import type { RecordRow } from '../../shared/recordTypes';

/** Who is asking: an admin (all records) or a proctor (their own sessions only). */
export interface RecordScope {
  role: 'admin' | 'proctor';
  personId: number;
}

export interface RecordWhere {
  sql: string;
  params: Record<string, string | number>;
}

export function recordWhere(filter: RecordFilter, scope: RecordScope): RecordWhere {
  const parts: string[] = [];
  const params: Record<string, string | number> = {};
  if (scope.role !== 'admin') {
    parts.push('session_owner = @owner');
    params.owner = scope.personId;
  }
  const exact: [keyof RecordFilter, string][] = [
    ['from', 'exam_date >= @from'],
    ['to', 'exam_date <= @to'],
    ['sessionCode', 'session_code = @sessionCode'],
    ['blueprintId', 'blueprint_id = @blueprintId'],
    ['branch', 'branch = @branch'],
    ['state', 'state = @state'],
    ['origin', 'origin = @origin'],
  ];
  for (const [key, clause] of exact) {
    const value = filter[key];
    if (value === undefined) continue;
    parts.push(clause);
    params[key] = value;
  }
  if (filter.person) {
    parts.push("(employee_id = @person COLLATE NOCASE OR instr(name, @person) > 0)");
    params.person = filter.person;
  }
  if (filter.result === 'passed') parts.push("state = 'final' AND score >= pass_score");
  if (filter.result === 'failed') parts.push("state = 'final' AND score < pass_score");
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

export const RECORD_ORDER = 'ORDER BY exam_date DESC, session_code, started_at DESC, uid';

/** A row of the attempt_records view (imported_attempts has the same columns but origin). */
export interface ViewRow {
  uid: string;
  origin: 'local' | 'imported';
  session_code: string;
  session_title: string;
  blueprint_id: string;
  exam_date: string;
  room: string;
  employee_id: string;
  name: string;
  branch: string;
  score: number | null;
  max_score: number;
  pass_score: number;
  state: RecordRow['state'];
  submit_kind: RecordRow['submitKind'];
  fingerprint: string;
  started_at: number;
  submitted_at: number | null;
}

export function toRecordRow(r: ViewRow): RecordRow {
  return {
    uid: r.uid,
    origin: r.origin,
    sessionCode: r.session_code,
    sessionTitle: r.session_title,
    blueprintId: r.blueprint_id,
    examDate: r.exam_date,
    room: r.room,
    employeeId: r.employee_id,
    name: r.name,
    branch: r.branch,
    state: r.state,
    score: r.score,
    maxScore: r.max_score,
    passScore: r.pass_score,
    passed: r.state === 'final' && r.score !== null ? r.score >= r.pass_score : null,
    submitKind: r.submit_kind,
    startedAt: r.started_at,
    submittedAt: r.submitted_at,
    fingerprint: r.fingerprint,
  };
}

/** The matching records in list order, streamed (exports walk 10,000s of them). */
export function* iterateRecordRows(db: Db, filter: RecordFilter, scope: RecordScope): Generator<RecordRow> {
  const where = recordWhere(filter, scope);
  for (const r of db.prepare(`SELECT * FROM attempt_records ${where.sql} ${RECORD_ORDER}`).iterate(where.params) as IterableIterator<ViewRow>) {
    yield toRecordRow(r);
  }
}

export function countRecords(db: Db, filter: RecordFilter, scope: RecordScope): number {
  const where = recordWhere(filter, scope);
  return db.prepare(`SELECT count(*) FROM attempt_records ${where.sql}`).pluck().get(where.params) as number;
}

export function pageRecords(db: Db, filter: RecordFilter, scope: RecordScope, offset: number, limit: number): RecordRow[] {
  const where = recordWhere(filter, scope);
  const rows = db.prepare(`SELECT * FROM attempt_records ${where.sql} ${RECORD_ORDER} LIMIT @limit OFFSET @offset`).all({ ...where.params, limit, offset }) as ViewRow[];
  return rows.map(toRecordRow);
}

/** The scope of a signed-in staff member (the router has already checked the role). */
export function scopeOf(caller: { role: string; personId: number | null }): RecordScope {
  return { role: caller.role === 'admin' ? 'admin' : 'proctor', personId: caller.personId ?? -1 };
}

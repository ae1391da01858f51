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

/**
 * The columns of a list row, in the order toRecordRow reads them. Rows are read as arrays
 * (statement.raw()): better-sqlite3 builds an object row one property at a time through V8's API, which
 * for these 18 columns cost several times the array (~25 ms of listing 1,389 attempts).
 */
export const ROW_COLUMNS =
  'uid, origin, session_code, session_title, blueprint_id, exam_date, room, employee_id, name, branch, score, max_score, pass_score, state, submit_kind, fingerprint, started_at, submitted_at';

type ViewRow = [
  uid: string,
  origin: RecordRow['origin'],
  sessionCode: string,
  sessionTitle: string,
  blueprintId: string,
  examDate: string,
  room: string,
  employeeId: string,
  name: string,
  branch: string,
  score: number | null,
  maxScore: number,
  passScore: number,
  state: RecordRow['state'],
  submitKind: RecordRow['submitKind'],
  fingerprint: string,
  startedAt: number,
  submittedAt: number | null,
];

function toRecordRow(r: ViewRow): RecordRow {
  const [uid, origin, sessionCode, sessionTitle, blueprintId, examDate, room, employeeId, name, branch, score, maxScore, passScore, state, submitKind, fingerprint, startedAt, submittedAt] = r;
  return {
    uid,
    origin,
    sessionCode,
    sessionTitle,
    blueprintId,
    examDate,
    room,
    employeeId,
    name,
    branch,
    state,
    score,
    maxScore,
    passScore,
    passed: state === 'final' && score !== null ? score >= passScore : null,
    submitKind,
    startedAt,
    submittedAt,
    fingerprint,
  };
}

/** The list rows of `SELECT … FROM attempt_records ${tail}` (a WHERE clause, an order, a limit), streamed. */
export function* selectRecordRows(db: Db, tail: string, params: Record<string, string | number>): Generator<RecordRow> {
  for (const r of db.prepare(`SELECT ${ROW_COLUMNS} FROM attempt_records ${tail}`).raw().iterate(params) as IterableIterator<ViewRow>) yield toRecordRow(r);
}

/** `WHERE …` of the scope (and filter) with one more condition. */
export function whereWith(filter: RecordFilter, scope: RecordScope, extra: string): RecordWhere {
  const where = recordWhere(filter, scope);
  return { sql: where.sql ? `${where.sql} AND ${extra}` : `WHERE ${extra}`, params: where.params };
}

/** The list row of `uid` if the caller's scope holds it; 'outside' if the record exists beyond it; undefined if there is none. */
export function recordRowIn(db: Db, scope: RecordScope, uid: string): RecordRow | 'outside' | undefined {
  const where = whereWith({}, scope, 'uid = @uid');
  const [row] = selectRecordRows(db, where.sql, { ...where.params, uid });
  if (row) return row;
  return db.prepare('SELECT 1 FROM attempt_records WHERE uid = ?').get(uid) ? 'outside' : undefined;
}

/** The matching records in list order, streamed (exports walk 10,000s of them). */
export function iterateRecordRows(db: Db, filter: RecordFilter, scope: RecordScope): Generator<RecordRow> {
  const where = recordWhere(filter, scope);
  return selectRecordRows(db, `${where.sql} ${RECORD_ORDER}`, where.params);
}

export function countRecords(db: Db, filter: RecordFilter, scope: RecordScope): number {
  const where = recordWhere(filter, scope);
  return db.prepare(`SELECT count(*) FROM attempt_records ${where.sql}`).pluck().get(where.params) as number;
}

export function pageRecords(db: Db, filter: RecordFilter, scope: RecordScope, offset: number, limit: number): RecordRow[] {
  const where = recordWhere(filter, scope);
  return [...selectRecordRows(db, `${where.sql} ${RECORD_ORDER} LIMIT @limit OFFSET @offset`, { ...where.params, limit, offset })];
}

/** The scope of a signed-in staff member (the router has already checked the role). */
export function scopeOf(caller: { role: string; personId: number | null }): RecordScope {
  return { role: caller.role === 'admin' ? 'admin' : 'proctor', personId: caller.personId ?? -1 };
}

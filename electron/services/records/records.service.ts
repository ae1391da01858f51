/**
 * The records list, its filter options and a person's history, read through the attempt_records view
 * (local and imported attempts) within the caller's scope. One attempt in detail: ./recordDetail.ts;
 * statistics: ./statistics.ts.
 */
import type { RecordFilter } from '../../shared/calls/records';
import type { RecordFilterOptions, RecordPage, RecordRow } from '../../shared/recordTypes';
import type { App } from '../app';
import { countRecords, pageRecords, recordWhere, selectRecordRows, whereWith, type RecordScope } from './recordQuery';

export function listRecords(app: App, filter: RecordFilter, scope: RecordScope, offset: number, limit: number): RecordPage {
  return { rows: pageRecords(app.user, filter, scope, offset, limit), total: countRecords(app.user, filter, scope) };
}

/** Sessions, blueprints and branches among the records the caller may see. */
export function recordFilterOptions(app: App, scope: RecordScope): RecordFilterOptions {
  const where = recordWhere({}, scope);
  const db = app.user;
  const sessions = db
    .prepare(`SELECT session_code AS code, max(session_title) AS title, max(exam_date) AS date FROM attempt_records ${where.sql} GROUP BY session_code ORDER BY date DESC, code`)
    .all(where.params) as RecordFilterOptions['sessions'];
  const blueprintIds = db.prepare(`SELECT DISTINCT blueprint_id FROM attempt_records ${where.sql} ORDER BY blueprint_id`).pluck().all(where.params) as string[];
  const titleOf = app.content.prepare('SELECT title FROM blueprints WHERE id = ?').pluck();
  const blueprints = blueprintIds.map((id) => ({ id, title: (titleOf.get(id) as string | undefined) ?? id }));
  const branches = db.prepare(`SELECT DISTINCT branch FROM attempt_records ${where.sql} ORDER BY branch`).pluck().all(where.params) as string[];
  return { sessions, blueprints, branches };
}

/** Every attempt of one employee id (any case) the caller may see, newest first. */
export function personHistory(app: App, scope: RecordScope, employeeId: string): RecordRow[] {
  const where = whereWith({}, scope, 'employee_id = @employeeId COLLATE NOCASE');
  return [...selectRecordRows(app.user, `${where.sql} ORDER BY started_at DESC, uid`, { ...where.params, employeeId })];
}

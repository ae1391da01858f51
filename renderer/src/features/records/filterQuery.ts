import { recordFilter, type RecordFilter } from '../../../../electron/shared/calls/records';

const KEYS = ['from', 'to', 'sessionCode', 'blueprintId', 'branch', 'person', 'result', 'state', 'origin'] as const;

/** The records screen's filter and page, kept in the address (#/records?sessionCode=…&page=2). */
export function parseRecordsQuery(query: string | undefined): { filter: RecordFilter; page: number } {
  const params = new URLSearchParams(query ?? '');
  const raw: Record<string, string> = {};
  for (const k of KEYS) {
    const v = params.get(k);
    if (v) raw[k] = v;
  }
  const parsed = recordFilter.safeParse(raw);
  // A hand-edited address with a bad value falls back to the fields that are valid on their own.
  const filter: RecordFilter = parsed.success
    ? parsed.data
    : Object.fromEntries(Object.entries(raw).filter(([k, v]) => recordFilter.safeParse({ [k]: v }).success));
  const page = Math.max(1, Math.floor(Number(params.get('page')) || 1));
  return { filter, page };
}

export function recordsQuery(filter: RecordFilter, page = 1): string {
  const params = new URLSearchParams();
  for (const k of KEYS) {
    const v = filter[k];
    if (v) params.set(k, v);
  }
  if (page > 1) params.set('page', String(page));
  return params.toString();
}

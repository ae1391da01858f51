import { useEffect, useState, type FormEvent } from 'react';
import type { RecordFilter } from '../../../../electron/shared/calls/records';
import { useCall } from '../../components/useCall';
import { useI18n } from '../../i18n/i18n';
import { useRecordFormat } from './format';

type Draft = Required<{ [K in keyof RecordFilter]: string }>;

const EMPTY: Draft = { from: '', to: '', sessionCode: '', blueprintId: '', branch: '', person: '', result: '', state: '', origin: '' };

function toDraft(f: RecordFilter): Draft {
  return { ...EMPTY, ...Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) };
}

function toFilter(d: Draft): RecordFilter {
  const f: Record<string, string> = {};
  for (const [k, v] of Object.entries(d)) if (v.trim()) f[k] = v.trim();
  return f as RecordFilter;
}

/** The filter bar: dates, session, blueprint, branch, person, result, state, origin; applied with 查询. */
export function RecordFilters({ filter, onApply }: { filter: RecordFilter; onApply: (f: RecordFilter) => void }) {
  const { t } = useI18n();
  const fmt = useRecordFormat();
  const [options] = useCall('records.filterOptions', {});
  const [draft, setDraft] = useState<Draft>(() => toDraft(filter));
  useEffect(() => setDraft(toDraft(filter)), [filter]);
  const set = (k: keyof Draft) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [k]: e.target.value }));
  const o = options.state === 'ready' ? options.value : { sessions: [], blueprints: [], branches: [] };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(toFilter(draft));
  };
  return (
    <form className="card record-filters" onSubmit={submit} aria-labelledby="filters-heading" role="search">
      <h2 id="filters-heading" className="visually-hidden">
        {t('records.filter.heading')}
      </h2>
      <div className="filter-grid">
        <div className="field">
          <label htmlFor="rf-from">{t('records.filter.from')}</label>
          <input id="rf-from" type="date" value={draft.from} max={draft.to || undefined} onChange={set('from')} />
        </div>
        <div className="field">
          <label htmlFor="rf-to">{t('records.filter.to')}</label>
          <input id="rf-to" type="date" value={draft.to} min={draft.from || undefined} onChange={set('to')} />
        </div>
        <div className="field">
          <label htmlFor="rf-session">{t('records.filter.session')}</label>
          <select id="rf-session" value={draft.sessionCode} onChange={set('sessionCode')}>
            <option value="">{t('records.filter.all')}</option>
            {o.sessions.map((s) => (
              <option key={s.code} value={s.code}>
                {fmt.day(s.date)} {s.title}（{s.code}）
              </option>
            ))}
            {draft.sessionCode && !o.sessions.some((s) => s.code === draft.sessionCode) && <option value={draft.sessionCode}>{draft.sessionCode}</option>}
          </select>
        </div>
        <div className="field">
          <label htmlFor="rf-blueprint">{t('records.filter.blueprint')}</label>
          <select id="rf-blueprint" value={draft.blueprintId} onChange={set('blueprintId')}>
            <option value="">{t('records.filter.all')}</option>
            {o.blueprints.map((b) => (
              <option key={b.id} value={b.id}>
                {b.title}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="rf-branch">{t('records.filter.branch')}</label>
          <select id="rf-branch" value={draft.branch} onChange={set('branch')}>
            <option value="">{t('records.filter.all')}</option>
            {o.branches.map((b) => (
              <option key={b} value={b}>
                {b}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="rf-person">{t('records.filter.person')}</label>
          <input id="rf-person" type="search" value={draft.person} maxLength={40} placeholder={t('records.filter.personHint')} onChange={set('person')} />
        </div>
        <div className="field">
          <label htmlFor="rf-result">{t('records.filter.result')}</label>
          <select id="rf-result" value={draft.result} onChange={set('result')}>
            <option value="">{t('records.filter.all')}</option>
            <option value="passed">{t('records.passed')}</option>
            <option value="failed">{t('records.failed')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="rf-state">{t('records.filter.state')}</label>
          <select id="rf-state" value={draft.state} onChange={set('state')}>
            <option value="">{t('records.filter.all')}</option>
            <option value="final">{t('proctor.state.final')}</option>
            <option value="pending_grading">{t('proctor.state.pending_grading')}</option>
            <option value="in_progress">{t('proctor.state.in_progress')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="rf-origin">{t('records.filter.origin')}</label>
          <select id="rf-origin" value={draft.origin} onChange={set('origin')}>
            <option value="">{t('records.filter.all')}</option>
            <option value="local">{t('records.origin.local')}</option>
            <option value="imported">{t('records.origin.imported')}</option>
          </select>
        </div>
      </div>
      <div className="actions">
        <button type="submit">{t('records.filter.apply')}</button>
        <button
          type="button"
          className="secondary"
          onClick={() => {
            setDraft(EMPTY);
            onApply({});
          }}
        >
          {t('records.filter.clear')}
        </button>
      </div>
    </form>
  );
}

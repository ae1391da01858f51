import type { RecordRow } from '../../../../electron/shared/recordTypes';
import { useI18n } from '../../i18n/i18n';
import { href } from '../../router';
import { useRecordFormat } from './format';

/** Attempts as rows: the name opens the person's history, 详情 (or a click on the row) the attempt. */
export function RecordsTable({ rows, showSession = true, caption }: { rows: RecordRow[]; showSession?: boolean; caption: string }) {
  const { t } = useI18n();
  const f = useRecordFormat();
  const open = (uid: string) => (window.location.hash = href({ name: 'recordAttempt', uid }));
  return (
    <div className="table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table className="data-table records-table" data-testid="records-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('records.col.date')}</th>
            {showSession && <th scope="col">{t('records.col.session')}</th>}
            <th scope="col">{t('records.col.employeeId')}</th>
            <th scope="col">{t('records.col.name')}</th>
            <th scope="col">{t('records.col.branch')}</th>
            <th scope="col" className="num">{t('records.col.score')}</th>
            <th scope="col">{t('records.col.result')}</th>
            <th scope="col">{t('records.col.origin')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('records.col.open')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={r.uid}
              data-uid={r.uid}
              data-employee={r.employeeId}
              className="clickable"
              onClick={(e) => {
                // Mouse users may click anywhere on the row; links inside it keep their own target.
                if (!(e.target as HTMLElement).closest('a, button')) open(r.uid);
              }}
            >
              <td>{f.day(r.examDate)}</td>
              {showSession && (
                <td className="session-cell">
                  {r.sessionTitle} <code className="muted">{r.sessionCode}</code>
                </td>
              )}
              <td>{r.employeeId}</td>
              <td>
                <a href={href({ name: 'recordPerson', employeeId: r.employeeId })} title={t('records.historyOf', { name: r.name })}>
                  {r.name}
                </a>
              </td>
              <td>{r.branch || '—'}</td>
              <td className="num">
                {f.score(r.score)} / {f.score(r.maxScore)}
              </td>
              <td>
                <span className={`badge ${r.passed === true ? 'ok' : r.passed === false ? 'bad' : 'partial'}`}>{f.result(r)}</span>
              </td>
              <td>{t(`records.origin.${r.origin}`)}</td>
              <td>
                <a href={href({ name: 'recordAttempt', uid: r.uid })} aria-label={t('records.openAttempt', { name: r.name, date: f.day(r.examDate) })}>
                  {t('records.details')}
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

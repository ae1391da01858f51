import { ErrorBox, Loading } from '../../components/Status';
import { useCall } from '../../components/useCall';
import { useI18n } from '../../i18n/i18n';
import { href } from '../../router';
import { StaffGate } from '../proctor/StaffGate';
import { RecordsTable } from './RecordsTable';
import { useRecordFormat } from './format';
import './records.css';

/** #/records/person/<employeeId>: every attempt of one employee, newest first. */
export function PersonHistoryPage({ employeeId }: { employeeId: string }) {
  return (
    <StaffGate>
      <PersonHistory employeeId={employeeId} />
    </StaffGate>
  );
}

function PersonHistory({ employeeId }: { employeeId: string }) {
  const { t, formatNumber } = useI18n();
  const f = useRecordFormat();
  const [rows, reload] = useCall('records.person', { employeeId });
  const name = rows.state === 'ready' && rows.value[0] ? rows.value[0].name : employeeId;
  const passed = rows.state === 'ready' ? rows.value.filter((r) => r.passed === true) : [];
  return (
    <section className="records" aria-labelledby="person-heading">
      <a className="back" href={href({ name: 'records' })}>
        ← {t('records.backToList')}
      </a>
      <h1 id="person-heading">{t('records.personHeading', { name, employeeId })}</h1>
      {rows.state === 'loading' && <Loading />}
      {rows.state === 'error' && <ErrorBox error={rows.error} onRetry={reload} />}
      {rows.state === 'ready' &&
        (rows.value.length === 0 ? (
          <p className="muted">{t('records.noneFound')}</p>
        ) : (
          <>
            <p className="lead" data-testid="person-summary">
              {t('records.personSummary', {
                n: formatNumber(rows.value.length),
                passed: formatNumber(passed.length),
                last: passed[0] ? f.day(passed[0].examDate) : '—',
              })}
            </p>
            <RecordsTable rows={rows.value} caption={t('records.personHeading', { name, employeeId })} />
          </>
        ))}
    </section>
  );
}

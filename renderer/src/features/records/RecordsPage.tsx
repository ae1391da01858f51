import { useMemo, useState } from 'react';
import type { RecordFilter } from '../../../../electron/shared/calls/records';
import { call } from '../../api/client';
import { ErrorBox, Loading } from '../../components/Status';
import { errorText } from '../../components/errorText';
import { useCall } from '../../components/useCall';
import { useI18n } from '../../i18n/i18n';
import { href } from '../../router';
import { StaffGate } from '../proctor/StaffGate';
import { ExportStatus } from './ExportStatus';
import { RecordFilters } from './RecordFilters';
import { RecordsTable } from './RecordsTable';
import { StatsPanel } from './StatsPanel';
import { saveBase64File } from './files';
import { parseRecordsQuery, recordsQuery } from './filterQuery';
import { useExportJob } from './useExportJob';
import './records.css';

const PAGE_SIZE = 50;

/** #/records?…: score records for HR (all) and proctors (their sessions), with statistics and exports. */
export function RecordsPage({ query }: { query?: string }) {
  return (
    <StaffGate>
      <RecordsScreen query={query} />
    </StaffGate>
  );
}

function go(filter: RecordFilter, page = 1) {
  window.location.hash = href({ name: 'records', query: recordsQuery(filter, page) || undefined });
}

function RecordsScreen({ query }: { query?: string }) {
  const { t, formatNumber } = useI18n();
  const { filter, page } = useMemo(() => parseRecordsQuery(query), [query]);
  const [list, reload] = useCall('records.list', { filter, offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE });
  const total = list.state === 'ready' ? list.value.total : 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return (
    <section className="records" aria-labelledby="records-heading">
      <h1 id="records-heading">{t('records.heading')}</h1>
      <p className="lead">{t('records.intro')}</p>
      <RecordFilters filter={filter} onApply={(f) => go(f)} />
      <ExportBar filter={filter} total={total} />
      {list.state === 'loading' && <Loading />}
      {list.state === 'error' && <ErrorBox error={list.error} onRetry={reload} />}
      {list.state === 'ready' && (
        <>
          <p className="records-total" role="status" data-testid="records-total">
            {total === 0
              ? t('records.noneFound')
              : t('records.total', {
                  from: formatNumber((page - 1) * PAGE_SIZE + 1),
                  to: formatNumber(Math.min(total, page * PAGE_SIZE)),
                  total: formatNumber(total),
                })}
          </p>
          {list.value.rows.length > 0 && <RecordsTable rows={list.value.rows} caption={t('records.heading')} />}
          {pages > 1 && (
            <nav className="pager" aria-label={t('records.pager')}>
              <button type="button" className="secondary" disabled={page <= 1} onClick={() => go(filter, page - 1)}>
                {t('records.prev')}
              </button>
              <span>{t('records.pageOf', { page: formatNumber(page), pages: formatNumber(pages) })}</span>
              <button type="button" className="secondary" disabled={page >= pages} onClick={() => go(filter, page + 1)}>
                {t('records.next')}
              </button>
            </nav>
          )}
        </>
      )}
      <StatsPanel filter={filter} />
    </section>
  );
}

/** XLSX, CSV (zip), the session report PDF when one session is chosen, and a signed result bundle of the filter. */
function ExportBar({ filter, total }: { filter: RecordFilter; total: number }) {
  const { t, locale, formatNumber } = useI18n();
  const { run, start, cancel, busy } = useExportJob();
  const [bundle, setBundle] = useState<{ ok: boolean; text: string }>();
  const [bundleBusy, setBundleBusy] = useState(false);
  const exportBundle = async () => {
    setBundle(undefined);
    setBundleBusy(true);
    try {
      const f = await call('bundles.export', { filter });
      saveBase64File(f);
      setBundle({ ok: true, text: t('records.bundle.saved', { n: formatNumber(f.count), file: f.fileName }) });
    } catch (err) {
      setBundle({ ok: false, text: errorText(err, locale) });
    } finally {
      setBundleBusy(false);
    }
  };
  const none = total === 0;
  return (
    <section className="card export-bar" aria-labelledby="export-heading">
      <h2 id="export-heading">{t('records.export.heading')}</h2>
      <div className="actions wrap">
        <button type="button" disabled={busy || none} onClick={() => void start(t('records.export.xlsx'), () => call('records.exportStart', { format: 'xlsx', filter }))}>
          {t('records.export.xlsx')}
        </button>
        <button type="button" className="secondary" disabled={busy || none} onClick={() => void start(t('records.export.csv'), () => call('records.exportStart', { format: 'csv', filter }))}>
          {t('records.export.csv')}
        </button>
        {filter.sessionCode && (
          <button
            type="button"
            className="secondary"
            disabled={busy || none}
            onClick={() => void start(t('records.export.sessionPdf'), () => call('records.reportStart', { report: 'session', sessionCode: filter.sessionCode! }))}
          >
            {t('records.export.sessionPdf')}
          </button>
        )}
        <button type="button" className="secondary" disabled={bundleBusy || none} onClick={() => void exportBundle()}>
          {t('records.bundle.export')}
        </button>
      </div>
      <p className="field-hint">{filter.sessionCode ? t('records.export.hint') : t('records.export.hintSession')}</p>
      <ExportStatus run={run} onCancel={() => void cancel()} />
      {bundle && (
        <p role={bundle.ok ? 'status' : 'alert'} className={bundle.ok ? 'ok-text' : 'field-error'} data-testid="bundle-result">
          {bundle.text}
        </p>
      )}
    </section>
  );
}

import { useI18n } from '../../i18n/i18n';
import type { ExportRun } from './useExportJob';

/** The running export's progress bar with 取消, then what happened (saved, cancelled, failed). */
export function ExportStatus({ run, onCancel }: { run: ExportRun; onCancel: () => void }) {
  const { t, formatNumber } = useI18n();
  if (run.phase === 'idle') return null;
  if (run.phase === 'running') {
    const job = run.job;
    // Writing counts rows (or pages); once written, the download counts bytes.
    const downloading = job !== null && job.state === 'done';
    const pct = !job ? 0 : downloading ? (job.bytes ? (100 * run.fetched) / job.bytes : 100) : job.total ? (100 * job.done) / job.total : 0;
    const now = Math.max(0, Math.min(100, Math.round(pct)));
    const text = !job
      ? t('records.export.starting')
      : downloading
        ? t('records.export.downloading', { done: formatNumber(Math.round(run.fetched / 1024)), total: formatNumber(Math.round(job.bytes / 1024)) })
        : t('records.export.writing', { done: formatNumber(job.done), total: formatNumber(job.total) });
    return (
      <div className="export-status" data-testid="export-status">
        <p className="export-label">
          {run.label} · <span>{text}</span>
        </p>
        <div className="export-row">
          <div className="export-bar" role="progressbar" aria-label={run.label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={now} aria-valuetext={`${now}% · ${text}`}>
            <span className="export-bar-fill" style={{ width: `${now}%` }} />
          </div>
          <button type="button" className="secondary small" onClick={onCancel}>
            {t('records.export.cancel')}
          </button>
        </div>
      </div>
    );
  }
  if (run.phase === 'saved') {
    return (
      <p role="status" className="ok-text" data-testid="export-result">
        {t('records.export.saved', { file: run.fileName, size: formatNumber(Math.max(1, Math.round(run.bytes / 1024))) })}
      </p>
    );
  }
  if (run.phase === 'cancelled') {
    return (
      <p role="status" className="muted" data-testid="export-result">
        {t('records.export.cancelled', { what: run.label })}
      </p>
    );
  }
  return (
    <p role="alert" className="field-error" data-testid="export-result">
      {t('records.export.failed', { what: run.label, message: run.message })}
    </p>
  );
}

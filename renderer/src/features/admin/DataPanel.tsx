import { useState } from 'react';
import type { CheckReport } from '../../../../electron/shared/types';
import { call } from '../../api/client';
import { errorText } from '../../components/errorText';
import { useCall } from '../../components/useCall';
import { useI18n } from '../../i18n/i18n';

export function DataPanel() {
  const { t, locale, formatDate, formatNumber } = useI18n();
  const [status, reload] = useCall('recovery.status', {});
  const [report, setReport] = useState<CheckReport>();
  const [message, setMessage] = useState<string>();
  const run = async (fn: () => Promise<unknown>) => {
    setMessage(undefined);
    try {
      await fn();
      reload();
    } catch (err) {
      setMessage(errorText(err, locale));
    }
  };
  const problems = report && [!report.user.ok && 'user.db', !report.content.ok && 'content.db', !report.audit.ok && 'audit'].filter(Boolean).join(', ');
  return (
    <section className="card" aria-labelledby="data-heading">
      <h2 id="data-heading">{t('admin.data')}</h2>
      <p className="lead">{t('admin.dataIntro')}</p>
      <div className="actions">
        <button type="button" onClick={() => void run(() => call('maintenance.backup', {}))}>
          {t('admin.backupNow')}
        </button>
        <button type="button" className="secondary" onClick={() => void run(async () => setReport(await call('maintenance.check', {})))}>
          {t('admin.check')}
        </button>
      </div>
      {message && <p className="field-error" role="alert">{message}</p>}
      {report && (
        <p role="status" className={problems ? 'field-error' : 'ok-text'}>
          {problems ? t('admin.checkBad', { what: problems }) : t('admin.checkOk')}
        </p>
      )}
      {status.state === 'ready' && (
        <table className="data-table backups">
          <thead>
            <tr>
              <th scope="col">{t('admin.backupTime')}</th>
              <th scope="col">{t('admin.backupFile')}</th>
              <th scope="col">{t('admin.backupSize')}</th>
              <th scope="col">{t('admin.backupOk')}</th>
            </tr>
          </thead>
          <tbody>
            {status.value.backups.map((b) => (
              <tr key={b.file}>
                <td>{formatDate(b.createdAt)}</td>
                <td>{b.file}</td>
                <td>{formatNumber(Math.round(b.bytes / 1024))} KB</td>
                <td>{b.ok ? '✓' : '✗'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

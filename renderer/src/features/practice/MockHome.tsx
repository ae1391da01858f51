import { useState } from 'react';
import { call } from '../../api/client';
import { useCall } from '../../components/useCall';
import { ErrorBox, Loading } from '../../components/Status';
import { errorText } from '../../components/errorText';
import { useI18n } from '../../i18n/i18n';
import { href } from '../../router';

/** 模拟考试: start (or continue) a mock exam, and past results. */
export function MockHome() {
  const { t, locale, formatDate } = useI18n();
  const [list, reload] = useCall('mock.list', {});
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const start = async () => {
    setBusy(true);
    try {
      const attempt = await call('mock.start', {});
      window.location.hash = href({ name: 'mock', attemptId: attempt.id });
    } catch (e) {
      setError(errorText(e, locale));
      setBusy(false);
    }
  };
  if (list.state === 'loading') return <Loading />;
  if (list.state === 'error') return <ErrorBox error={list.error} onRetry={reload} />;
  const open = list.value.find((a) => a.status === 'open');
  return (
    <section aria-labelledby="mock-heading" className="mock-home">
      <a className="back" href={href({ name: 'practice' })}>
        ← {t('practice.back')}
      </a>
      <h1 id="mock-heading">{t('mock.heading')}</h1>
      <div className="card">
        <p>{t('mock.intro')}</p>
        <div className="actions">
          <button type="button" onClick={start} disabled={busy}>
            {open ? t('mock.continue') : t('mock.start')}
          </button>
        </div>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
      <h2>{t('mock.history')}</h2>
      {list.value.length === 0 ? (
        <p className="muted">{t('mock.noHistory')}</p>
      ) : (
        <table className="data-table mock-history">
          <tbody>
            {list.value.map((a) => (
              <tr key={a.id}>
                <td>{formatDate(a.startedAt)}</td>
                <td>{a.title}</td>
                <td>{a.status === 'open' ? t('mock.open') : t('mock.scoreOf', { score: a.score ?? 0, max: a.maxScore })}</td>
                <td>{a.passed === null ? '' : <span className={a.passed ? 'badge ok' : 'badge bad'}>{a.passed ? t('mock.passed') : t('mock.failed')}</span>}</td>
                <td>
                  <a href={href({ name: 'mock', attemptId: a.id })}>{a.status === 'open' ? t('mock.continue') : t('mock.view')}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

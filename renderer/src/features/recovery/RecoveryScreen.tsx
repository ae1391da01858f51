import { useState, type FormEvent } from 'react';
import { Brand } from '../../components/Brand';
import type { RecoveryStatus } from '../../../../electron/shared/types';
import { call } from '../../api/client';
import { Field } from '../../components/Field';
import { errorText } from '../../components/errorText';
import { useI18n } from '../../i18n/i18n';

/** Shown instead of the app while user.db is damaged: explain, then restore a backup (admin). */
export function RecoveryScreen({ status }: { status: RecoveryStatus }) {
  const { t, locale, formatDate } = useI18n();
  const good = status.backups.filter((b) => b.ok);
  const [backup, setBackup] = useState(good[0]?.file ?? '');
  const [employeeId, setEmployeeId] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<{ restored: string; keptAside: string | null }>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      setDone(await call('recovery.restore', { backup, employeeId, password }));
    } catch (err) {
      setError(errorText(err, locale));
    }
  };
  return (
    <div className="app">
      <header className="app-header">
        <Brand />
      </header>
      <main className="app-main">
        <section className="narrow recovery" aria-labelledby="recovery-heading">
          <h1 id="recovery-heading">{t('recovery.heading')}</h1>
          <p>{t('recovery.intro')}</p>
          {status.problem && <p className="error-box">{t('recovery.problem', { problem: status.problem[locale] })}</p>}
          {done ? (
            <div className="card" role="status">
              <p>{t('recovery.done', { file: done.restored, aside: done.keptAside ?? '—' })}</p>
              <button type="button" onClick={() => window.location.reload()}>
                {t('recovery.continue')}
              </button>
            </div>
          ) : status.backups.length === 0 ? (
            <p className="card">{t('recovery.none')}</p>
          ) : (
            <form className="card" onSubmit={submit}>
              <fieldset>
                <legend>{t('recovery.backups')}</legend>
                {status.backups.map((b) => (
                  <label key={b.file} className="choice">
                    <input type="radio" name="backup" value={b.file} checked={backup === b.file} disabled={!b.ok} onChange={() => setBackup(b.file)} />
                    {formatDate(b.createdAt)} · {b.file}
                    {!b.ok && ` — ${t('recovery.bad')}`}
                  </label>
                ))}
              </fieldset>
              <Field label={t('recovery.admin')} value={employeeId} onChange={(e) => setEmployeeId(e.target.value)} required autoComplete="username" />
              <Field label={t('recovery.password')} type="password" value={password} onChange={(e) => setPassword(e.target.value)} required autoComplete="current-password" />
              {error && (
                <p className="field-error" role="alert">
                  {error}
                </p>
              )}
              <button type="submit" disabled={!backup}>
                {t('recovery.restore')}
              </button>
            </form>
          )}
        </section>
      </main>
    </div>
  );
}

import { useState, type FormEvent } from 'react';
import { call } from '../../api/client';
import { Field } from '../../components/Field';
import { errorText } from '../../components/errorText';
import { useI18n } from '../../i18n/i18n';

/** Employee id + the session code the proctor announces; a long gap needs a proctor's password. */
export function ExamSignIn({ notice, onSignedIn }: { notice?: 'lost' | 'done'; onSignedIn: (session: string, resumed: boolean) => Promise<void> }) {
  const { t, locale } = useI18n();
  const [employeeId, setEmployeeId] = useState('');
  const [code, setCode] = useState('');
  const [gap, setGap] = useState<number | null>(null);
  const [proctor, setProctor] = useState({ employeeId: '', password: '', credit: true });
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    setBusy(true);
    try {
      const r = await call('exam.signIn', {
        employeeId: employeeId.trim(),
        code: code.trim(),
        ...(gap !== null ? { proctor: { employeeId: proctor.employeeId.trim(), password: proctor.password }, creditGap: proctor.credit } : {}),
      });
      if (r.kind === 'needs_proctor') {
        setGap(r.gapMinutes);
      } else {
        await onSignedIn(r.session, r.resumed);
      }
    } catch (err) {
      setError(errorText(err, locale));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="exam-signin" aria-labelledby="exam-signin-heading">
      <h1 id="exam-signin-heading">{t('exam.signInHeading')}</h1>
      {notice === 'lost' && (
        <p className="exam-notice" role="status">
          {t('exam.connectionLost')}
        </p>
      )}
      {notice === 'done' && (
        <p className="exam-notice ok" role="status">
          {t('exam.nextCandidate')}
        </p>
      )}
      <form className="card" onSubmit={submit}>
        <p className="lead">{t('exam.signInIntro')}</p>
        <Field label={t('exam.employeeId')} value={employeeId} onChange={(e) => setEmployeeId(e.target.value)} required autoComplete="off" maxLength={32} disabled={gap !== null} />
        <Field
          label={t('exam.sessionCode')}
          value={code}
          onChange={(e) => setCode(e.target.value.toUpperCase())}
          required
          autoComplete="off"
          maxLength={6}
          hint={t('exam.sessionCodeHint')}
          className="code-input"
          disabled={gap !== null}
        />
        {gap !== null && (
          <fieldset className="proctor-auth">
            <legend>{t('exam.needsProctor', { n: gap })}</legend>
            <Field label={t('exam.proctorId')} value={proctor.employeeId} onChange={(e) => setProctor({ ...proctor, employeeId: e.target.value })} required autoComplete="off" />
            <Field label={t('exam.proctorPassword')} type="password" value={proctor.password} onChange={(e) => setProctor({ ...proctor, password: e.target.value })} required autoComplete="off" />
            <label className="choice">
              <input type="checkbox" checked={proctor.credit} onChange={(e) => setProctor({ ...proctor, credit: e.target.checked })} />
              {t('exam.creditGap', { n: gap })}
            </label>
          </fieldset>
        )}
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="submit" disabled={busy}>
            {gap !== null ? t('exam.resumeWithProctor') : t('exam.signIn')}
          </button>
          {gap !== null && (
            <button type="button" className="secondary" onClick={() => setGap(null)}>
              {t('exam.cancel')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}

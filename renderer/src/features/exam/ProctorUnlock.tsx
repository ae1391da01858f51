import { useState, type FormEvent } from 'react';
import { call } from '../../api/client';
import { Field } from '../../components/Field';
import { errorText } from '../../components/errorText';
import { useI18n } from '../../i18n/i18n';

/** On the exam PC: a proctor's password releases the kiosk lockdown (desktop app), with a reason; audited. */
export function ProctorUnlock() {
  const { t, locale } = useI18n();
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({ employeeId: '', password: '', reason: '' });
  const [error, setError] = useState<string>();
  const [done, setDone] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      await call('exam.unlockKiosk', { proctor: { employeeId: form.employeeId.trim(), password: form.password }, reason: form.reason.trim() });
      setDone(true);
      setForm({ employeeId: '', password: '', reason: '' });
    } catch (err) {
      setError(errorText(err, locale));
    }
  };
  return (
    <>
      <button type="button" className="secondary small proctor-unlock" onClick={() => (setOpen(true), setDone(false))}>
        {t('exam.unlock')}
      </button>
      {open && (
        <div className="dialog-backdrop">
          <form className="card dialog" role="dialog" aria-modal="true" aria-labelledby="unlock-title" onSubmit={submit}>
            <h2 id="unlock-title">{t('exam.unlockTitle')}</h2>
            <p className="muted">{t('exam.unlockText')}</p>
            <Field label={t('exam.proctorId')} value={form.employeeId} onChange={(e) => setForm({ ...form, employeeId: e.target.value })} required autoComplete="off" />
            <Field label={t('exam.proctorPassword')} type="password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} required autoComplete="off" />
            <Field label={t('exam.unlockReason')} value={form.reason} onChange={(e) => setForm({ ...form, reason: e.target.value })} required minLength={2} maxLength={200} />
            {error && (
              <p className="field-error" role="alert">
                {error}
              </p>
            )}
            {done && <p className="ok-text">{t('exam.unlocked')}</p>}
            <div className="actions">
              <button type="submit">{t('exam.unlockConfirm')}</button>
              <button type="button" className="secondary" onClick={() => setOpen(false)}>
                {t('exam.cancel')}
              </button>
            </div>
          </form>
        </div>
      )}
    </>
  );
}

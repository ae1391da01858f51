import { useState, type FormEvent } from 'react';
import { call } from '../../api/client';
import { Field } from '../../components/Field';
import { errorText } from '../../components/errorText';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session';

/** Staff sign-in; on first run, creation of the HR administrator. */
export function StaffPage() {
  const { t, locale } = useI18n();
  const { status, signedIn, signOut } = useSession();
  const [form, setForm] = useState({ employeeId: '', name: '', password: '' });
  const [error, setError] = useState<string>();
  const setup = status?.needsSetup ?? false;
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      await signedIn(
        setup
          ? await call('auth.setupAdmin', form)
          : await call('auth.staffSignIn', { employeeId: form.employeeId, password: form.password }),
      );
      setForm({ employeeId: '', name: '', password: '' });
    } catch (err) {
      setError(errorText(err, locale));
    }
  };
  const me = status?.person;
  if (me && me.role !== 'learner') {
    return (
      <section className="narrow">
        <h1>{t('staff.heading')}</h1>
        <div className="card current-user">
          <span>{t('staff.signedInAs', { name: me.name, role: t(`role.${me.role}`) })}</span>
          <button type="button" className="secondary" onClick={() => void signOut()}>
            {t('profile.signOut')}
          </button>
        </div>
      </section>
    );
  }
  return (
    <section className="narrow" aria-labelledby="staff-heading">
      <h1 id="staff-heading">{setup ? t('staff.setupHeading') : t('staff.heading')}</h1>
      {setup && <p className="lead">{t('staff.setupIntro')}</p>}
      <form className="card" onSubmit={submit}>
        <Field label={t('profile.employeeId')} value={form.employeeId} onChange={set('employeeId')} required autoComplete="username" />
        {setup && <Field label={t('profile.name')} value={form.name} onChange={set('name')} required />}
        <Field
          label={t('staff.password')}
          type="password"
          value={form.password}
          onChange={set('password')}
          required
          minLength={setup ? 8 : undefined}
          hint={setup ? t('staff.passwordHint') : undefined}
          autoComplete={setup ? 'new-password' : 'current-password'}
        />
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit">{setup ? t('staff.createAdmin') : t('staff.signIn')}</button>
      </form>
    </section>
  );
}

import { useState, type FormEvent } from 'react';
import { call } from '../../api/client';
import { Field } from '../../components/Field';
import { errorText } from '../../components/errorText';
import { useCall } from '../../components/useCall';
import { ErrorBox, Loading } from '../../components/Status';
import { useI18n } from '../../i18n/i18n';

export function AccountsPanel() {
  const { t, locale } = useI18n();
  const [people, reload] = useCall('accounts.list', {});
  const empty = { employeeId: '', name: '', branch: '', role: 'proctor' as 'proctor' | 'admin', password: '' };
  const [form, setForm] = useState(empty);
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const p = await call('accounts.create', form);
      setMessage({ ok: true, text: t('admin.created', { name: p.name }) });
      setForm(empty);
      reload();
    } catch (err) {
      setMessage({ ok: false, text: errorText(err, locale) });
    }
  };
  return (
    <section className="card" aria-labelledby="accounts-heading">
      <h2 id="accounts-heading">{t('admin.accounts')}</h2>
      <p className="lead">{t('admin.accountsIntro')}</p>
      {people.state === 'loading' && <Loading />}
      {people.state === 'error' && <ErrorBox error={people.error} onRetry={reload} />}
      {people.state === 'ready' && (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('admin.colEmployeeId')}</th>
              <th scope="col">{t('admin.colName')}</th>
              <th scope="col">{t('admin.colBranch')}</th>
              <th scope="col">{t('admin.colRole')}</th>
            </tr>
          </thead>
          <tbody>
            {people.value.map((p) => (
              <tr key={p.id}>
                <td>{p.employeeId}</td>
                <td>{p.name}</td>
                <td>{p.branch}</td>
                <td>{t(`role.${p.role}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form onSubmit={submit} className="inline-form">
        <h3>{t('admin.createAccount')}</h3>
        <Field label={t('profile.employeeId')} value={form.employeeId} onChange={(e) => setForm({ ...form, employeeId: e.target.value })} required />
        <Field label={t('profile.name')} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} required />
        <Field label={t('profile.branch')} value={form.branch} onChange={(e) => setForm({ ...form, branch: e.target.value })} />
        <div className="field">
          <label htmlFor="new-role">{t('admin.role')}</label>
          <select id="new-role" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as 'proctor' | 'admin' })}>
            <option value="proctor">{t('role.proctor')}</option>
            <option value="admin">{t('role.admin')}</option>
          </select>
        </div>
        <Field label={t('staff.password')} hint={t('staff.passwordHint')} type="password" autoComplete="new-password" minLength={8} value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} required />
        {message && (
          <p className={message.ok ? 'ok-text' : 'field-error'} role={message.ok ? 'status' : 'alert'}>
            {message.text}
          </p>
        )}
        <button type="submit">{t('admin.createAccount')}</button>
      </form>
    </section>
  );
}

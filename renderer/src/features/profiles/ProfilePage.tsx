import { useState, type FormEvent } from 'react';
import type { PersonView } from '../../../../electron/shared/types';
import { call } from '../../api/client';
import { useCall } from '../../components/useCall';
import { ErrorBox, Loading } from '../../components/Status';
import { Field } from '../../components/Field';
import { errorText } from '../../components/errorText';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session';
import { href } from '../../router';

function PinPrompt({ person, onDone, onCancel }: { person: PersonView; onDone: () => void; onCancel: () => void }) {
  const { t, locale } = useI18n();
  const { signedIn } = useSession();
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await signedIn(await call('profiles.signIn', { personId: person.id, pin }));
      onDone();
    } catch (err) {
      setError(errorText(err, locale));
      setPin('');
    }
  };
  return (
    <form className="card pin-form" onSubmit={submit} aria-label={t('profile.pinFor', { name: person.name })}>
      <p>{t('profile.pinFor', { name: person.name })}</p>
      <Field label={t('profile.pin')} type="password" inputMode="numeric" autoComplete="off" maxLength={6} value={pin} onChange={(e) => setPin(e.target.value)} error={error} autoFocus />
      <div className="actions">
        <button type="submit">{t('profile.enter')}</button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('profile.cancel')}
        </button>
      </div>
    </form>
  );
}

function CreateProfile({ onDone }: { onDone: () => void }) {
  const { t, locale } = useI18n();
  const { signedIn } = useSession();
  const [form, setForm] = useState({ employeeId: '', name: '', branch: '', pin: '' });
  const [error, setError] = useState<string>();
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const { pin, ...rest } = form;
      await signedIn(await call('profiles.create', { ...rest, ...(pin ? { pin } : {}) }));
      onDone();
    } catch (err) {
      setError(errorText(err, locale));
    }
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="create-profile">
      <h2 id="create-profile">{t('profile.create')}</h2>
      <Field label={t('profile.employeeId')} value={form.employeeId} onChange={set('employeeId')} required maxLength={32} />
      <Field label={t('profile.name')} value={form.name} onChange={set('name')} required maxLength={40} />
      <Field label={t('profile.branch')} value={form.branch} onChange={set('branch')} maxLength={60} />
      <Field label={t('profile.pinOptional')} hint={t('profile.pinHint')} type="password" inputMode="numeric" autoComplete="new-password" maxLength={6} value={form.pin} onChange={set('pin')} />
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit">{t('profile.createSubmit')}</button>
    </form>
  );
}

export function ProfilePage() {
  const { t, locale } = useI18n();
  const { status, signedIn, signOut } = useSession();
  const [profiles, reload] = useCall('profiles.list', {});
  const [asking, setAsking] = useState<PersonView | null>(null);
  const [error, setError] = useState<string>();
  const done = () => {
    window.location.hash = href({ name: 'study' });
  };
  const pick = async (p: PersonView) => {
    setError(undefined);
    if (p.hasSecret) return setAsking(p);
    try {
      await signedIn(await call('profiles.signIn', { personId: p.id }));
      done();
    } catch (err) {
      setError(errorText(err, locale));
    }
  };
  const me = status?.person;
  return (
    <section aria-labelledby="profile-heading" className="narrow">
      <h1 id="profile-heading">{t('profile.heading')}</h1>
      <p className="lead">{t('profile.intro')}</p>
      {me && (
        <div className="card current-user">
          <span>{t('profile.current', { name: me.name, employeeId: me.employeeId })}</span>
          <button type="button" className="secondary" onClick={() => void signOut().then(reload)}>
            {t('profile.signOut')}
          </button>
        </div>
      )}
      {profiles.state === 'loading' && <Loading />}
      {profiles.state === 'error' && <ErrorBox error={profiles.error} onRetry={reload} />}
      {profiles.state === 'ready' &&
        (profiles.value.length === 0 ? (
          <p>{t('profile.none')}</p>
        ) : (
          <ul className="profile-list">
            {profiles.value.map((p) => (
              <li key={p.id}>
                <button type="button" className="profile-button" onClick={() => void pick(p)} aria-current={me?.id === p.id ? 'true' : undefined}>
                  <span className="profile-name">{p.name}</span>
                  <span className="profile-meta">
                    {p.employeeId}
                    {p.branch && ` · ${p.branch}`}
                    {p.hasSecret && ` · 🔒 ${t('profile.locked')}`}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        ))}
      {error && <p className="field-error" role="alert">{error}</p>}
      {asking && <PinPrompt person={asking} onDone={done} onCancel={() => setAsking(null)} />}
      <CreateProfile onDone={done} />
    </section>
  );
}

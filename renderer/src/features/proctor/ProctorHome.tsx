import { useState, type FormEvent } from 'react';
import type { ExamSettings } from '../../../../electron/shared/examTypes';
import { call } from '../../api/client';
import { Field } from '../../components/Field';
import { ErrorBox, Loading } from '../../components/Status';
import { errorText } from '../../components/errorText';
import { useCall } from '../../components/useCall';
import { useI18n } from '../../i18n/i18n';
import { href } from '../../router';
import { StaffGate } from './StaffGate';
import { ImportSessionPackage } from './SessionPackage';
import './proctor.css';

const today = () => new Date().toISOString().slice(0, 10);

/** #/proctor: the exam sessions, and a new one from the certification blueprint. */
export function ProctorHome() {
  return (
    <StaffGate>
      <SessionList />
    </StaffGate>
  );
}

function SessionList() {
  const { t, formatDate } = useI18n();
  const [sessions, reload] = useCall('proctor.listSessions', {});
  return (
    <section className="proctor" aria-labelledby="proctor-heading">
      <h1 id="proctor-heading">{t('proctor.heading')}</h1>
      <p className="lead">{t('proctor.intro')}</p>
      <CreateSession onCreated={(id) => (window.location.hash = href({ name: 'proctorSession', sessionId: id }))} />
      <ImportSessionPackage />
      <h2>{t('proctor.sessions')}</h2>
      {sessions.state === 'loading' && <Loading />}
      {sessions.state === 'error' && <ErrorBox error={sessions.error} onRetry={reload} />}
      {sessions.state === 'ready' &&
        (sessions.value.length === 0 ? (
          <p className="muted">{t('proctor.noSessions')}</p>
        ) : (
          <table className="data-table">
            <thead>
              <tr>
                <th>{t('proctor.title')}</th>
                <th>{t('proctor.date')}</th>
                <th>{t('proctor.room')}</th>
                <th>{t('proctor.code')}</th>
                <th>{t('proctor.status')}</th>
                <th>{t('proctor.progress')}</th>
                <th>{t('proctor.created')}</th>
              </tr>
            </thead>
            <tbody>
              {sessions.value.map((s) => (
                <tr key={s.id}>
                  <td>
                    <a href={href({ name: 'proctorSession', sessionId: s.id })}>{s.title}</a>
                  </td>
                  <td>{s.date}</td>
                  <td>{s.room}</td>
                  <td>
                    <code>{s.code}</code>
                  </td>
                  <td>
                    <span className={`badge session-${s.status}`}>{t(`proctor.sessionStatus.${s.status}`)}</span>
                  </td>
                  <td>{t('proctor.progressText', { candidates: s.candidates, started: s.started, submitted: s.submitted, pending: s.pendingGrading })}</td>
                  <td>{formatDate(s.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </section>
  );
}

function CreateSession({ onCreated }: { onCreated: (id: number) => void }) {
  const { t, locale } = useI18n();
  const [blueprints] = useCall('proctor.blueprints', {});
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({ title: '', date: today(), room: '', timeLimitMinutes: 90, passScore: 60 });
  const [settings, setSettings] = useState<ExamSettings>({ multipleScoring: 'all_or_nothing', showScore: true, allowReview: false, focusLossLimit: 0, resumeGapMinutes: 2 });
  const [error, setError] = useState<string>();
  const bp = blueprints.state === 'ready' ? blueprints.value[0] : undefined;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!bp) return;
    setError(undefined);
    try {
      const s = await call('proctor.createSession', { blueprintId: bp.id, ...form, settings });
      onCreated(s.id);
    } catch (err) {
      setError(errorText(err, locale));
    }
  };
  if (!open) {
    return (
      <button
        type="button"
        onClick={() => {
          if (bp) setForm((f) => ({ ...f, title: f.title || bp.title, timeLimitMinutes: bp.timeLimitMinutes, passScore: bp.passScore }));
          if (bp) setSettings((s) => ({ ...s, multipleScoring: bp.multipleScoring }));
          setOpen(true);
        }}
        disabled={!bp}
      >
        {t('proctor.newSession')}
      </button>
    );
  }
  return (
    <form className="card create-session" onSubmit={submit} aria-labelledby="create-session-heading">
      <h2 id="create-session-heading">{t('proctor.newSession')}</h2>
      {bp && <p className="muted">{t('proctor.blueprintInfo', { title: bp.title, count: bp.questionCount, max: bp.maxScore })}</p>}
      <div className="form-grid">
        <Field label={t('proctor.title')} value={form.title} onChange={(e) => setForm({ ...form, title: e.target.value })} required maxLength={80} />
        <Field label={t('proctor.date')} type="date" value={form.date} onChange={(e) => setForm({ ...form, date: e.target.value })} required />
        <Field label={t('proctor.room')} value={form.room} onChange={(e) => setForm({ ...form, room: e.target.value })} maxLength={40} />
        <Field label={t('proctor.timeLimit')} type="number" min={1} max={600} value={form.timeLimitMinutes} onChange={(e) => setForm({ ...form, timeLimitMinutes: Number(e.target.value) })} required />
        <Field label={t('proctor.passScore', { max: bp?.maxScore ?? 100 })} type="number" min={0} max={bp?.maxScore ?? 100} value={form.passScore} onChange={(e) => setForm({ ...form, passScore: Number(e.target.value) })} required />
        <Field label={t('proctor.focusLimit')} type="number" min={0} max={50} value={settings.focusLossLimit} hint={t('proctor.focusLimitHint')} onChange={(e) => setSettings({ ...settings, focusLossLimit: Number(e.target.value) })} />
        <Field label={t('proctor.resumeGap')} type="number" min={1} max={60} value={settings.resumeGapMinutes} hint={t('proctor.resumeGapHint')} onChange={(e) => setSettings({ ...settings, resumeGapMinutes: Number(e.target.value) })} />
      </div>
      <fieldset className="settings">
        <legend>{t('proctor.multipleScoring')}</legend>
        {(['all_or_nothing', 'partial'] as const).map((m) => (
          <label key={m} className="choice">
            <input type="radio" name="multipleScoring" checked={settings.multipleScoring === m} onChange={() => setSettings({ ...settings, multipleScoring: m })} />
            {t(`proctor.scoring.${m}`)}
          </label>
        ))}
      </fieldset>
      <label className="choice">
        <input type="checkbox" checked={settings.showScore} onChange={(e) => setSettings({ ...settings, showScore: e.target.checked })} />
        {t('proctor.showScore')}
      </label>
      <label className="choice">
        <input type="checkbox" checked={settings.allowReview} onChange={(e) => setSettings({ ...settings, allowReview: e.target.checked })} />
        {t('proctor.allowReview')}
      </label>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit">{t('proctor.create')}</button>
        <button type="button" className="secondary" onClick={() => setOpen(false)}>
          {t('proctor.cancel')}
        </button>
      </div>
    </form>
  );
}

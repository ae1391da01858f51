import { useState, type FormEvent } from 'react';
import { errorText } from '../../components/errorText';
import { useI18n } from '../../i18n/i18n';

export interface ReasonRequest {
  title: string;
  /** Ask for minutes too (extend, credit, reopen). */
  minutes?: number;
  /** A reason is required unless false. */
  reasonRequired?: boolean;
  confirm: string;
  onSubmit: (v: { minutes: number; reason: string }) => Promise<void>;
}

/** Every proctor action that changes an attempt asks why (and how many minutes); the server audits both. */
export function ReasonDialog({ request, onClose }: { request: ReasonRequest; onClose: () => void }) {
  const { t, locale } = useI18n();
  const [minutes, setMinutes] = useState(request.minutes ?? 0);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const required = request.reasonRequired !== false;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await request.onSubmit({ minutes, reason: reason.trim() });
      onClose();
    } catch (err) {
      setError(errorText(err, locale));
      setBusy(false);
    }
  };
  return (
    <div className="dialog-backdrop">
      <form className="card dialog" role="dialog" aria-modal="true" aria-labelledby="reason-title" onSubmit={submit}>
        <h2 id="reason-title">{request.title}</h2>
        {request.minutes !== undefined && (
          <div className="field">
            <label htmlFor="reason-minutes">{t('proctor.minutes')}</label>
            <input id="reason-minutes" type="number" min={1} max={600} value={minutes} onChange={(e) => setMinutes(Number(e.target.value))} required />
          </div>
        )}
        <div className="field">
          <label htmlFor="reason-text">{required ? t('proctor.reasonRequired') : t('proctor.reasonOptional')}</label>
          <textarea id="reason-text" rows={2} maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} required={required} minLength={required ? 2 : undefined} />
        </div>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="submit" disabled={busy}>
            {request.confirm}
          </button>
          <button type="button" className="secondary" onClick={onClose} disabled={busy}>
            {t('proctor.cancel')}
          </button>
        </div>
      </form>
    </div>
  );
}

import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n';
import type { PaperMessages } from './QuestionNav';

const SHOWN_IN_SUMMARY = 30;

/** Question numbers for a sentence: "1、4、9", cut after 30 with "…". */
export function listNos(nos: readonly number[]): string {
  return nos.slice(0, SHOWN_IN_SUMMARY).join('、') + (nos.length > SHOWN_IN_SUMMARY ? '…' : '');
}

interface Props {
  ns: PaperMessages;
  unanswered: readonly number[];
  /** On the unanswered summary line, where a test reads it. */
  summaryTestId?: string;
  error?: string;
  busy: boolean;
  onSubmit: () => void;
  onCancel: () => void;
  cancelLabel: string;
  focusCancel?: boolean;
  /** More lines under the unanswered summary. */
  children?: ReactNode;
}

/** 确认交卷: what is still unanswered, then submit or go back to the paper. */
export function SubmitDialog({ ns, unanswered, summaryTestId, error, busy, onSubmit, onCancel, cancelLabel, focusCancel, children }: Props) {
  const { t } = useI18n();
  return (
    <div className="dialog-backdrop">
      <div className="card dialog" role="dialog" aria-modal="true" aria-labelledby="confirm-title">
        <h2 id="confirm-title">{t(`${ns}.confirmTitle`)}</h2>
        <p data-testid={summaryTestId}>{unanswered.length ? t(`${ns}.unansweredList`, { n: unanswered.length, list: listNos(unanswered) }) : t(`${ns}.allAnswered`)}</p>
        {children}
        <p className="muted">{t(`${ns}.confirmText`)}</p>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="button" onClick={onSubmit} disabled={busy}>
            {t(`${ns}.confirmSubmit`)}
          </button>
          <button type="button" className="secondary" onClick={onCancel} disabled={busy} autoFocus={focusCancel}>
            {cancelLabel}
          </button>
        </div>
      </div>
    </div>
  );
}

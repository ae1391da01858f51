import { useState } from 'react';
import type { CandidateExamState, CandidateInfo, ExamInfo } from '../../../../electron/shared/examTypes';
import { ApiError, call } from '../../api/client';
import { errorText } from '../../components/errorText';
import { useI18n } from '../../i18n/i18n';

/** Identity confirmation, then the instructions; starting draws the paper and starts the clock. */
export function ExamIntro({
  candidate,
  exam,
  onStarted,
  onNotMe,
  onLost,
}: {
  candidate: CandidateInfo;
  exam: ExamInfo;
  onStarted: (s: CandidateExamState) => void;
  onNotMe: () => void;
  onLost: () => void;
}) {
  const { t, locale } = useI18n();
  const [confirmed, setConfirmed] = useState(false);
  const [agreed, setAgreed] = useState(false);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const start = async () => {
    setBusy(true);
    setError(undefined);
    try {
      onStarted(await call('exam.start', {}));
    } catch (e) {
      if (e instanceof ApiError && e.body.code === 'unauthenticated') return onLost();
      setError(errorText(e, locale));
      setBusy(false);
    }
  };

  if (!confirmed) {
    return (
      <section className="exam-intro narrow" aria-labelledby="identity-heading">
        <h1 id="identity-heading">{t('exam.identityHeading')}</h1>
        <div className="card identity-card">
          <dl className="facts">
            <dt>{t('exam.name')}</dt>
            <dd data-testid="identity-name">{candidate.name}</dd>
            <dt>{t('exam.employeeId')}</dt>
            <dd>{candidate.employeeId}</dd>
            <dt>{t('exam.branch')}</dt>
            <dd>{candidate.branch || '—'}</dd>
            <dt>{t('exam.examTitle')}</dt>
            <dd>{exam.title}</dd>
            <dt>{t('exam.dateRoom')}</dt>
            <dd>
              {exam.date} {exam.room}
            </dd>
          </dl>
          <p>{t('exam.identityQuestion')}</p>
          <div className="actions">
            <button type="button" onClick={() => setConfirmed(true)}>
              {t('exam.itIsMe')}
            </button>
            <button type="button" className="secondary" onClick={onNotMe}>
              {t('exam.notMe')}
            </button>
          </div>
        </div>
      </section>
    );
  }
  return (
    <section className="exam-intro narrow" aria-labelledby="instructions-heading">
      <h1 id="instructions-heading">{t('exam.instructionsHeading')}</h1>
      <div className="card">
        <ul className="rules">
          <li>{t('exam.rule.size', { count: exam.questionCount, max: exam.maxScore, minutes: exam.timeLimitMinutes, pass: exam.passScore })}</li>
          <li>{t('exam.rule.oneByOne')}</li>
          <li>{t('exam.rule.saved')}</li>
          <li>{t('exam.rule.clock')}</li>
          <li>{exam.focusLossLimit > 0 ? t('exam.rule.focusLimit', { n: exam.focusLossLimit }) : t('exam.rule.focus')}</li>
          <li>{t('exam.rule.crash')}</li>
          <li>{t('exam.rule.submit')}</li>
        </ul>
        <label className="choice">
          <input type="checkbox" checked={agreed} onChange={(e) => setAgreed(e.target.checked)} />
          {t('exam.agree')}
        </label>
        {exam.sessionStatus === 'paused' && <p className="exam-notice">{t('exam.pausedBeforeStart')}</p>}
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="button" onClick={() => void start()} disabled={!agreed || busy}>
            {t('exam.start')}
          </button>
        </div>
      </div>
    </section>
  );
}

import type { CandidateExamState } from '../../../../electron/shared/examTypes';
import { useI18n } from '../../i18n/i18n';
import { useAnswerText } from '../practice/AnswerText';
import { ChapterScores } from '../practice/ChapterScores';

/** After submitting: how it ended, score and pass/fail and chapters if the session shows them, the fingerprint. */
export function ExamResult({ state, onDone }: { state: CandidateExamState; onDone: () => void }) {
  const { t, formatDate } = useI18n();
  const text = useAnswerText();
  const r = state.attempt!.result!;
  const verdict = r.pendingGrading ? 'pending' : r.passed === null ? 'hidden' : r.passed ? 'pass' : 'fail';
  return (
    <section className="exam-result narrow" aria-labelledby="exam-result-heading">
      <h1 id="exam-result-heading">{t('exam.resultHeading')}</h1>
      <div className={`card score-card${verdict === 'pass' ? ' is-pass' : verdict === 'fail' ? '' : ' is-neutral'}`}>
        <p className="submit-kind" data-testid="submit-kind">
          {t(`exam.submitKind.${r.submitKind}`)} · {formatDate(r.submittedAt)}
        </p>
        {r.score !== null ? (
          <div className="score-main">
            <span className="score-value" data-testid="exam-score">
              {r.score}
            </span>
            <span className="score-max">/ {r.maxScore}</span>
            {verdict === 'pass' && <span className="badge ok">{t('exam.passed')}</span>}
            {verdict === 'fail' && <span className="badge bad">{t('exam.failed')}</span>}
            {verdict === 'pending' && <span className="badge partial">{t('exam.pendingGrading')}</span>}
          </div>
        ) : (
          <p>{t('exam.scoreHidden')}</p>
        )}
        {r.pendingGrading && r.score !== null && <p className="muted">{t('exam.pendingNote')}</p>}
        <p className="muted">
          {t('exam.answeredOf', { n: r.answered, total: r.total })} · {t('exam.passLine', { n: r.passScore })}
        </p>
        <p className="muted fingerprint">
          {t('exam.fingerprint')}：<code data-testid="fingerprint">{r.fingerprint.slice(0, 16)}</code>
        </p>
        <div className="actions">
          <button type="button" onClick={onDone} data-testid="exam-done">
            {t('exam.done')}
          </button>
        </div>
      </div>
      {r.byChapter && <ChapterScores ns="exam" chapters={r.byChapter} />}
      {r.review && (
        <>
          <h2>{t('exam.review')}</h2>
          <ol className="review-list">
            {r.review.map((q) => (
              <li key={q.no} className={`card review-item outcome-${q.outcome}`}>
                <p className="question-meta">
                  <span className="q-no">{t('exam.questionNo', { n: q.no })}</span>
                  <span className={`badge ${q.outcome}`}>{t(`exam.outcome.${q.outcome}`)}</span>
                  <span className="muted">{t('exam.gotPoints', { score: q.score, points: q.points })}</span>
                </p>
                <p className="question-stem">{q.stem}</p>
                <p>
                  {t('exam.yourAnswer')}：{text.response(q.response, [])}
                </p>
              </li>
            ))}
          </ol>
        </>
      )}
      {r.review && (
        <div className="actions">
          <button type="button" className="secondary" onClick={onDone}>
            {t('exam.done')}
          </button>
        </div>
      )}
    </section>
  );
}

import { useState } from 'react';
import type { MockAttemptView } from '../../../../electron/shared/practiceTypes';
import { useI18n } from '../../i18n/i18n';
import { href } from '../../router';
import { useAnswerText } from './AnswerText';
import { ChapterScores } from './ChapterScores';

/** Score, pass/fail, per-chapter scores and every question with its key and explanation. */
export function MockResult({ view }: { view: MockAttemptView }) {
  const { t, formatDate } = useI18n();
  const text = useAnswerText();
  const [onlyWrong, setOnlyWrong] = useState(false);
  const r = view.result!;
  const review = (view.review ?? []).filter((q) => !onlyWrong || (q.outcome !== 'correct' && q.outcome !== 'ungraded'));
  return (
    <section className="mock-result" aria-labelledby="mock-result-heading">
      <a className="back" href={href({ name: 'mock' })}>
        ← {t('mock.backToMock')}
      </a>
      <h1 id="mock-result-heading">{t('mock.result')}</h1>
      <div className={`card score-card ${r.passed ? 'is-pass' : 'is-fail'}`}>
        <div className="score-main">
          <span className="score-value" data-testid="mock-score">
            {r.score}
          </span>
          <span className="score-max">/ {r.maxScore}</span>
          <span className={`badge ${r.passed ? 'ok' : 'bad'}`}>{r.passed ? t('mock.passed') : t('mock.failed')}</span>
        </div>
        <p className="muted">
          {t('mock.passLine', { n: r.passScore })} · {t('mock.submittedAt', { when: formatDate(r.submittedAt) })}
          {r.autoSubmitted ? ` · ${t('mock.autoSubmitted')}` : ''}
        </p>
        <p className="muted fingerprint">
          {t('mock.fingerprint')}：<code>{r.fingerprint.slice(0, 16)}</code>
        </p>
      </div>
      <ChapterScores ns="mock" chapters={r.byChapter} />
      <div className="review-head">
        <h2>{t('mock.review')}</h2>
        <label className="choice">
          <input type="checkbox" checked={onlyWrong} onChange={(e) => setOnlyWrong(e.target.checked)} />
          {t('mock.onlyWrong')}
        </label>
      </div>
      <ol className="review-list">
        {review.map((q) => (
          <li key={q.no} className={`card review-item outcome-${q.outcome}`} data-no={q.no}>
            <p className="question-meta">
              <span className="q-no">{t('mock.questionNo', { n: q.no })}</span>
              <span className="type-badge">{t(`practice.type.${q.type}`)}</span>
              <span className={`badge outcome ${q.outcome}`}>{t(`mock.outcome.${q.outcome}`)}</span>
              <span className="muted">{t('mock.gotPoints', { score: q.score, points: q.points })}</span>
            </p>
            <p className="question-stem">{q.stem}</p>
            {q.options.length > 0 && (
              <ol className="review-options">
                {q.options.map((o, i) => (
                  <li key={i}>
                    {'ABCDEFGH'[i]}. {o}
                  </li>
                ))}
              </ol>
            )}
            <p>
              <strong>{t('practice.yourAnswer')}：</strong>
              {text.response(q.response, q.options)}
            </p>
            <p className="expected">
              <strong>{q.expected.kind === 'essay' ? t('practice.reference') : t('practice.expected')}：</strong>
              {text.expected(q.expected, q.options)}
            </p>
            <p className="explanation">
              <strong>{t('practice.explanation')}：</strong>
              {q.explanation}
            </p>
            <p className="source">
              <strong>{t('practice.source')}：</strong>
              <a href={href({ name: 'chapter', chapterId: q.section.chapterId, sectionId: q.section.sectionId })}>
                {q.section.chapterTitle} · {q.section.sectionTitle}
              </a>
            </p>
          </li>
        ))}
      </ol>
    </section>
  );
}

import { useEffect, useState } from 'react';
import type { AttemptDetail, ProctorItemView } from '../../../../electron/shared/examTypes';
import { call } from '../../api/client';
import { ErrorBox, Loading } from '../../components/Status';
import { errorText } from '../../components/errorText';
import { useCall } from '../../components/useCall';
import { useI18n } from '../../i18n/i18n';
import { href } from '../../router';
import { useAnswerText } from '../practice/AnswerText';
import { attemptStateText } from './SessionPage';
import { StaffGate } from './StaffGate';
import './proctor.css';

/** #/proctor/attempt/<id>: one candidate's paper with keys, focus events, and 简答 grading. */
export function AttemptPage({ attemptId }: { attemptId: number }) {
  return (
    <StaffGate>
      <AttemptScreen attemptId={attemptId} />
    </StaffGate>
  );
}

function AttemptScreen({ attemptId }: { attemptId: number }) {
  const { t, formatDate } = useI18n();
  const [loaded, reload] = useCall('proctor.attempt', { attemptId });
  const [detail, setDetail] = useState<AttemptDetail | null>(null);
  useEffect(() => {
    if (loaded.state === 'ready') setDetail(loaded.value);
  }, [loaded]);
  if (!detail) return loaded.state === 'error' ? <ErrorBox error={loaded.error} onRetry={reload} /> : <Loading />;
  const d = detail;
  const s = d.summary;
  const essays = d.items.filter((i) => i.type === 'essay');
  const others = d.items.filter((i) => i.type !== 'essay');
  return (
    <section className="proctor attempt-page" aria-labelledby="attempt-heading">
      <a className="back" href={href({ name: 'proctorSession', sessionId: d.sessionId })}>
        ← {d.sessionTitle}
      </a>
      <h1 id="attempt-heading">
        {d.candidate.name}（{d.candidate.employeeId}）
      </h1>
      <div className="card">
        <dl className="facts">
          <dt>{t('proctor.attemptState')}</dt>
          <dd data-testid="detail-state">{attemptStateText(t, s)}</dd>
          <dt>{t('proctor.score')}</dt>
          <dd data-testid="detail-score">
            {s.score ?? '—'} / {s.maxScore}
            {s.passed === true ? ` · ${t('proctor.pass')}` : s.passed === false ? ` · ${t('proctor.fail')}` : s.pendingEssays ? ` · ${t('proctor.pendingEssays', { n: s.pendingEssays })}` : ''}
          </dd>
          <dt>{t('proctor.times')}</dt>
          <dd>
            {t('proctor.startedAt', { when: formatDate(s.startedAt) })}
            {s.submittedAt ? ` · ${t('proctor.submittedAt', { when: formatDate(s.submittedAt) })}` : ` · ${t('proctor.deadlineAt', { when: formatDate(s.deadline) })}`}
            {s.extraMinutes ? ` · ${t('proctor.extraMinutes', { n: s.extraMinutes })}` : ''}
            {s.reopenCount ? ` · ${t('proctor.reopened', { n: s.reopenCount })}` : ''}
          </dd>
          <dt>{t('proctor.paper')}</dt>
          <dd>
            {t('proctor.paperText', { seed: d.seed, version: d.contentVersion })} · {t('exam.fingerprint')} <code>{s.fingerprint.slice(0, 16)}</code>
          </dd>
          <dt>{t('proctor.focusLosses')}</dt>
          <dd data-testid="focus-events">
            {d.focusEvents.length === 0
              ? t('proctor.none')
              : d.focusEvents.map((f) => `${formatDate(f.at)}（${t(`proctor.focusKind.${f.kind}`)}）`).join('；')}
          </dd>
        </dl>
      </div>

      <h2>{t('proctor.essays')}</h2>
      {essays.map((item) => (
        <EssayGrader key={item.no} item={item} attemptId={attemptId} canGrade={s.state !== 'in_progress'} onGraded={setDetail} />
      ))}

      <h2>{t('proctor.objective')}</h2>
      <ObjectiveTable items={others} />
    </section>
  );
}

function EssayGrader({ item, attemptId, canGrade, onGraded }: { item: ProctorItemView; attemptId: number; canGrade: boolean; onGraded: (d: AttemptDetail) => void }) {
  const { t, locale, formatDate } = useI18n();
  const points = item.keyPoints.length ? item.keyPoints : [{ point: t('proctor.wholeAnswer'), score: item.points }];
  const [awards, setAwards] = useState<number[]>(() => item.essayGrade?.awards ?? points.map(() => 0));
  const [comment, setComment] = useState(item.essayGrade?.comment ?? '');
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const total = points.reduce((sum, k) => sum + k.score, 0);
  const sum = awards.reduce((a, b) => a + b, 0);
  const scaled = total > 0 ? Math.round((item.points * sum * 100) / total) / 100 : 0;
  const answered = typeof item.response === 'string' && item.response.trim() !== '';
  const save = async () => {
    setError(undefined);
    setSaved(false);
    try {
      onGraded(await call('proctor.gradeEssay', { attemptId, no: item.no, awards, comment }));
      setSaved(true);
    } catch (e) {
      setError(errorText(e, locale));
    }
  };
  return (
    <article className="card essay-grader" data-no={item.no} aria-labelledby={`essay-${item.no}`}>
      <p className="question-meta">
        <span className="q-no">{t('exam.questionNo', { n: item.no })}</span>
        <span className="type-badge">{t('practice.type.essay')}</span>
        <span className="muted">{t('practice.points', { n: item.points })}</span>
        {item.essayGrade ? (
          <span className="badge ok">{t('proctor.gradedBy', { name: item.essayGrade.gradedBy, when: formatDate(item.essayGrade.gradedAt), score: item.essayGrade.score })}</span>
        ) : answered ? (
          <span className="badge partial">{t('proctor.state.pending_grading')}</span>
        ) : (
          <span className="badge unanswered">{t('exam.outcome.unanswered')}</span>
        )}
      </p>
      <h3 id={`essay-${item.no}`} className="question-stem">
        {item.stem}
      </h3>
      <div className="essay-columns">
        <div>
          <h4>{t('proctor.candidateAnswer')}</h4>
          <p className="essay-answer" data-testid="essay-answer">
            {answered ? (item.response as string) : t('practice.noAnswer')}
          </p>
        </div>
        <div>
          <h4>{t('proctor.reference')}</h4>
          <p className="essay-reference">{item.reference}</p>
        </div>
      </div>
      {answered && (
        <fieldset className="key-point-grades" disabled={!canGrade}>
          <legend>{t('proctor.keyPoints', { total, points: item.points })}</legend>
          {points.map((k, i) => (
            <label key={i} className="key-point">
              <span className="key-point-text">
                {i + 1}. {k.point}
              </span>
              <input
                type="number"
                min={0}
                max={k.score}
                step={0.5}
                value={awards[i]}
                aria-label={t('proctor.awardFor', { n: i + 1, max: k.score })}
                onChange={(e) => setAwards(awards.map((a, j) => (j === i ? Math.max(0, Math.min(k.score, Number(e.target.value))) : a)))}
              />
              <span className="muted">/ {k.score}</span>
            </label>
          ))}
          <div className="field">
            <label htmlFor={`comment-${item.no}`}>{t('proctor.comment')}</label>
            <textarea id={`comment-${item.no}`} rows={2} maxLength={500} value={comment} onChange={(e) => setComment(e.target.value)} />
          </div>
          <p>
            {t('proctor.essayTotal', { sum, total, score: scaled, points: item.points })}
            <button type="button" className="grade-save" onClick={() => void save()}>
              {t('proctor.saveGrade')}
            </button>
            {saved && <span className="saved"> ✓ {t('proctor.gradeSaved')}</span>}
          </p>
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
        </fieldset>
      )}
      {!canGrade && <p className="muted">{t('proctor.gradeAfterSubmit')}</p>}
    </article>
  );
}

function ObjectiveTable({ items }: { items: ProctorItemView[] }) {
  const { t } = useI18n();
  const text = useAnswerText();
  const keyText = (i: ProctorItemView) =>
    i.type === 'truefalse' ? (i.key[0] ? t('practice.true') : t('practice.false')) : i.type === 'fill' ? i.key.join(' / ') : text.response(i.key as string[], i.options);
  return (
    <table className="data-table objective">
      <thead>
        <tr>
          <th>#</th>
          <th>{t('proctor.type')}</th>
          <th>{t('proctor.stem')}</th>
          <th>{t('proctor.response')}</th>
          <th>{t('proctor.key')}</th>
          <th>{t('proctor.result')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((i) => (
          <tr key={i.no} className={i.outcome ? `outcome-${i.outcome}` : ''}>
            <td>
              {i.no}
              {i.flagged ? ' ⚑' : ''}
            </td>
            <td>{t(`practice.type.${i.type}`)}</td>
            <td className="stem-cell">{i.stem}</td>
            <td>{text.response(i.response, i.options)}</td>
            <td>{keyText(i)}</td>
            <td>{i.outcome ? `${t(`exam.outcome.${i.outcome}`)} ${i.score}/${i.points}` : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

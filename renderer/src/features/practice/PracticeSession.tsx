import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { PracticeFeedback, QuestionView, ResponseValue } from '../../../../electron/shared/practiceTypes';
import { ApiError, call } from '../../api/client';
import { ErrorBox, Loading } from '../../components/Status';
import { errorText } from '../../components/errorText';
import { useI18n } from '../../i18n/i18n';
import { href } from '../../router';
import { useAnswerText } from './AnswerText';
import { QuestionInput, isBlank } from './QuestionInput';

type Loaded = { state: 'loading' } | { state: 'error'; error: ApiError } | { state: 'ready'; questions: QuestionView[] };

interface Props {
  heading: string;
  intro?: ReactNode;
  /** Loads the questions of one round; called again for "another set". */
  load: () => Promise<QuestionView[]>;
  back: { href: string; label: string };
  empty: ReactNode;
  againLabel?: string;
}

const asApiError = (e: unknown) => (e instanceof ApiError ? e : new ApiError({ code: 'internal', message: { 'zh-CN': String(e), en: String(e) } }));

/** One question at a time: answer, submit, see the feedback at once, go on; a summary at the end. */
export function PracticeSession({ heading, intro, load, back, empty, againLabel }: Props) {
  const { t } = useI18n();
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [round, setRound] = useState(0);
  const [index, setIndex] = useState(0);
  const [results, setResults] = useState<Record<string, boolean | null>>({});

  useEffect(() => {
    let live = true;
    setLoaded({ state: 'loading' });
    load().then(
      (questions) => live && (setLoaded({ state: 'ready', questions }), setIndex(0), setResults({})),
      (e: unknown) => live && setLoaded({ state: 'error', error: asApiError(e) }),
    );
    return () => {
      live = false;
    };
  }, [load, round]);

  if (loaded.state === 'loading') return <Loading />;
  if (loaded.state === 'error') return <ErrorBox error={loaded.error} onRetry={() => setRound((r) => r + 1)} />;
  const { questions } = loaded;
  const header = (
    <header className="practice-header">
      <a className="back" href={back.href}>
        ← {back.label}
      </a>
      <h1>{heading}</h1>
      {intro}
    </header>
  );
  if (!questions.length) {
    return (
      <section className="practice-session">
        {header}
        <div className="card">{empty}</div>
      </section>
    );
  }
  if (index >= questions.length) {
    const right = Object.values(results).filter((r) => r === true).length;
    return (
      <section className="practice-session">
        {header}
        <div className="card practice-summary" role="status">
          <p>{t('practice.summary', { n: questions.length, right })}</p>
          <div className="actions">
            <button type="button" onClick={() => setRound((r) => r + 1)}>
              {againLabel ?? t('practice.again')}
            </button>
            <a className="button-link secondary" href={back.href}>
              {back.label}
            </a>
          </div>
        </div>
      </section>
    );
  }
  const q = questions[index];
  return (
    <section className="practice-session">
      {header}
      <div className="practice-progress">
        <span>{t('practice.progress', { i: index + 1, n: questions.length })}</span>
        <progress max={questions.length} value={index} />
      </div>
      <QuestionCard
        key={`${round}-${index}-${q.id}`}
        question={q}
        last={index === questions.length - 1}
        onDone={(correct) => setResults((r) => ({ ...r, [q.id]: correct }))}
        onNext={() => setIndex((i) => i + 1)}
      />
    </section>
  );
}

function QuestionCard({ question: q, last, onDone, onNext }: { question: QuestionView; last: boolean; onDone: (correct: boolean | null) => void; onNext: () => void }) {
  const { t, locale, formatDate } = useI18n();
  const text = useAnswerText();
  const [response, setResponse] = useState<ResponseValue | null>(null);
  const [feedback, setFeedback] = useState<PracticeFeedback | null>(null);
  const [selfChecked, setSelfChecked] = useState(false);
  const [hardDue, setHardDue] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const run = useCallback(
    async (fn: () => Promise<void>) => {
      setBusy(true);
      setError(undefined);
      try {
        await fn();
      } catch (e) {
        setError(errorText(e, locale));
      } finally {
        setBusy(false);
      }
    },
    [locale],
  );

  const submit = () =>
    run(async () => {
      const fb = await call('practice.answer', { questionId: q.id, response: response! });
      setFeedback(fb);
      if (q.type !== 'essay') onDone(fb.correct);
    });
  const selfCheck = (knewIt: boolean) =>
    run(async () => {
      const fb = await call('practice.selfCheck', { questionId: q.id, knewIt });
      setFeedback(fb);
      setSelfChecked(true);
      onDone(knewIt);
    });
  const markHard = () =>
    run(async () => {
      setHardDue((await call('practice.markHard', { questionId: q.id })).due);
    });

  const essay = q.type === 'essay';
  const answered = feedback !== null;
  const canGoOn = answered && (!essay || selfChecked);
  const keyLetters = feedback?.expected.kind === 'choice' ? feedback.expected.letters : undefined;
  return (
    <article className="card question-card" aria-labelledby={`q-${q.id}`} data-question={q.id}>
      <p className="question-meta">
        <span className="type-badge">{t(`practice.type.${q.type}`)}</span>
      </p>
      <h2 id={`q-${q.id}`} className="question-stem">
        {q.stem}
      </h2>
      {essay && !answered && <p className="hint">{t('practice.essayHint')}</p>}
      <QuestionInput name={`q-${q.id}`} type={q.type} options={q.options} value={response} onChange={setResponse} disabled={answered || busy} keyLetters={keyLetters} />
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {!answered && (
        <div className="actions">
          <button type="button" onClick={submit} disabled={busy || isBlank(response)}>
            {essay ? t('practice.essayReveal') : t('practice.submit')}
          </button>
        </div>
      )}
      {feedback && (
        <div className={`feedback ${feedback.correct === true ? 'is-right' : feedback.correct === false ? 'is-wrong' : 'is-self'}`} role="status" aria-live="polite">
          {feedback.correct !== null && <p className="verdict">{feedback.correct ? `✓ ${t('practice.right')}` : `✗ ${t('practice.wrong')}`}</p>}
          {feedback.expected.kind === 'essay' ? (
            <>
              <h3>{t('practice.reference')}</h3>
              <p className="reference">{feedback.expected.reference}</p>
              <h3>{t('practice.keyPoints')}</h3>
              <ul className="key-points">
                {feedback.expected.keyPoints.map((k) => (
                  <li key={k.point}>
                    {k.point} <span className="muted">（{t('practice.points', { n: k.score })}）</span>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p className="expected">
              <strong>{t('practice.expected')}：</strong>
              {text.expected(feedback.expected, q.options)}
            </p>
          )}
          <p className="explanation">
            <strong>{t('practice.explanation')}：</strong>
            {feedback.explanation}
          </p>
          <p className="source">
            <strong>{t('practice.source')}：</strong>
            <a href={href({ name: 'chapter', chapterId: feedback.section.chapterId, sectionId: feedback.section.sectionId })}>
              {feedback.section.chapterTitle} · {feedback.section.sectionTitle}
            </a>
          </p>
          {essay && !selfChecked && (
            <div className="actions">
              <button type="button" onClick={() => selfCheck(true)} disabled={busy}>
                {t('practice.knewIt')}
              </button>
              <button type="button" className="secondary" onClick={() => selfCheck(false)} disabled={busy}>
                {t('practice.missedIt')}
              </button>
            </div>
          )}
          {canGoOn && (
            <p className="muted wrong-book-note">
              {feedback.wrongBook.open
                ? t('practice.addedToWrongBook', { n: feedback.wrongBook.wrongCount })
                : feedback.wrongBook.wrongCount > 0
                  ? t('practice.resolved')
                  : null}
              {hardDue !== null ? ` ${t('practice.markedHard')} · ${t('practice.nextReview', { when: formatDate(hardDue) })}` : null}
            </p>
          )}
          {canGoOn && (
            <div className="actions">
              <button type="button" onClick={onNext} autoFocus>
                {last ? t('practice.finish') : t('practice.next')}
              </button>
              {hardDue === null && (
                <button type="button" className="secondary" onClick={markHard} disabled={busy}>
                  {t('practice.markHard')}
                </button>
              )}
            </div>
          )}
        </div>
      )}
    </article>
  );
}

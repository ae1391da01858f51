import { useCallback, useEffect, useRef, useState } from 'react';
import type { MockAttemptView, ResponseValue } from '../../../../electron/shared/practiceTypes';
import { ApiError, call } from '../../api/client';
import { ErrorBox, Loading } from '../../components/Status';
import { errorText } from '../../components/errorText';
import { useI18n } from '../../i18n/i18n';
import { href } from '../../router';
import { MockResult } from './MockResult';
import { QuestionInput, isBlank } from './QuestionInput';

type SaveState = 'saving' | 'saved' | { error: string };

const asApiError = (e: unknown) => (e instanceof ApiError ? e : new ApiError({ code: 'internal', message: { 'zh-CN': String(e), en: String(e) } }));
/** Text is saved once typing pauses; choices at once. */
const TEXT_SAVE_DELAY_MS = 600;
const UNANSWERED_SHOWN = 30;

function formatClock(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const hh = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return hh ? `${hh}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** Loads an attempt: the exam screen while it is open, the result once it is submitted. */
export function MockAttemptPage({ attemptId }: { attemptId: number }) {
  const [view, setView] = useState<MockAttemptView | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const refresh = useCallback(() => {
    call('mock.get', { attemptId }).then(
      (v) => (setView(v), setError(null)),
      (e: unknown) => setError(asApiError(e)),
    );
  }, [attemptId]);
  useEffect(refresh, [refresh]);
  if (error) return <ErrorBox error={error} onRetry={refresh} />;
  if (!view) return <Loading />;
  if (view.status === 'submitted') return <MockResult view={view} />;
  return <MockExam key={view.id} initial={view} onClosed={setView} onStale={refresh} />;
}

function MockExam({ initial, onClosed, onStale }: { initial: MockAttemptView; onClosed: (v: MockAttemptView) => void; onStale: () => void }) {
  const { t, locale } = useI18n();
  const items = initial.items;
  const [responses, setResponses] = useState<Record<number, ResponseValue | null>>(() => Object.fromEntries(items.map((i) => [i.no, i.response])));
  const [saves, setSaves] = useState<Record<number, SaveState>>({});
  const [current, setCurrent] = useState(1);
  const [confirming, setConfirming] = useState(false);
  const [submitError, setSubmitError] = useState<string>();
  const [busy, setBusy] = useState(false);
  // The server owns the clock: count down from its deadline, corrected by its clock at load time.
  const offset = useRef(initial.serverNow - Date.now());
  const [remaining, setRemaining] = useState(initial.deadline - initial.serverNow);
  const timers = useRef(new Map<number, ReturnType<typeof setTimeout>>());
  const inFlight = useRef(new Set<Promise<unknown>>());

  useEffect(() => {
    const tick = () => {
      const left = initial.deadline - (Date.now() + offset.current);
      setRemaining(left);
      if (left <= 0) onStale(); // the server finalises it and answers with the result
    };
    tick();
    const id = setInterval(tick, 1000);
    return () => clearInterval(id);
  }, [initial.deadline, onStale]);

  const save = useCallback(
    (no: number, value: ResponseValue | null) => {
      setSaves((s) => ({ ...s, [no]: 'saving' }));
      const p = call('mock.saveAnswer', { attemptId: initial.id, no, response: isBlank(value) ? null : value }).then(
        () => setSaves((s) => ({ ...s, [no]: 'saved' })),
        (e: unknown) => {
          const err = asApiError(e);
          if (err.body.code === 'attempt_expired' || err.body.code === 'attempt_submitted') onStale();
          else setSaves((s) => ({ ...s, [no]: { error: errorText(err, locale) } }));
        },
      );
      inFlight.current.add(p);
      void p.finally(() => inFlight.current.delete(p));
    },
    [initial.id, locale, onStale],
  );

  const change = (no: number, value: ResponseValue | null, text: boolean) => {
    setResponses((r) => ({ ...r, [no]: value }));
    const pending = timers.current.get(no);
    if (pending) clearTimeout(pending);
    if (!text) return save(no, value);
    setSaves((s) => ({ ...s, [no]: 'saving' }));
    timers.current.set(
      no,
      setTimeout(() => {
        timers.current.delete(no);
        save(no, value);
      }, TEXT_SAVE_DELAY_MS),
    );
  };

  /** Sends text still waiting for its typing pause, and waits for every save to be acknowledged. */
  const flush = async () => {
    for (const [no, id] of timers.current) {
      clearTimeout(id);
      timers.current.delete(no);
      save(no, responses[no] ?? null);
    }
    await Promise.allSettled([...inFlight.current]);
  };

  const submit = async () => {
    setBusy(true);
    setSubmitError(undefined);
    try {
      await flush();
      onClosed(await call('mock.submit', { attemptId: initial.id }));
    } catch (e) {
      const err = asApiError(e);
      if (err.body.code === 'attempt_submitted' || err.body.code === 'attempt_expired') onStale();
      else setSubmitError(errorText(err, locale));
      setBusy(false);
    }
  };

  const answered = items.filter((i) => !isBlank(responses[i.no])).length;
  const unanswered = items.filter((i) => isBlank(responses[i.no])).map((i) => i.no);
  const item = items[current - 1];
  const saveState = saves[current];
  const urgent = remaining <= 5 * 60_000;
  return (
    <section className="mock-exam" aria-labelledby="mock-exam-title">
      <header className="mock-bar">
        <h1 id="mock-exam-title">{initial.title}</h1>
        <span className="mock-answered">{t('mock.answeredCount', { n: answered, total: items.length })}</span>
        <span className={`mock-timer${urgent ? ' urgent' : ''}`} role="timer" aria-label={t('mock.remaining')}>
          {t('mock.remaining')} <strong>{formatClock(remaining)}</strong>
        </span>
        <button type="button" onClick={() => setConfirming(true)} disabled={busy}>
          {t('mock.submit')}
        </button>
      </header>
      <div className="mock-layout">
        <nav className="mock-navigator card" aria-label={t('mock.navigator')}>
          <h2>{t('mock.navigator')}</h2>
          <ol>
            {items.map((i) => {
              const done = !isBlank(responses[i.no]);
              return (
                <li key={i.no}>
                  <button
                    type="button"
                    className={`nav-cell${done ? ' answered' : ''}${i.no === current ? ' current' : ''}`}
                    aria-current={i.no === current ? 'step' : undefined}
                    aria-label={`${t('mock.questionNo', { n: i.no })} ${done ? t('mock.legendAnswered') : t('mock.legendUnanswered')}`}
                    onClick={() => setCurrent(i.no)}
                  >
                    {i.no}
                  </button>
                </li>
              );
            })}
          </ol>
          <p className="legend">
            <span className="nav-cell answered sample" aria-hidden="true" /> {t('mock.legendAnswered')}
            <span className="nav-cell sample" aria-hidden="true" /> {t('mock.legendUnanswered')}
          </p>
        </nav>
        <article className="card question-card" aria-labelledby="mock-q-stem" data-no={item.no}>
          <p className="question-meta">
            <span className="q-no">{t('mock.questionNo', { n: item.no })}</span>
            <span className="type-badge">{t(`practice.type.${item.type}`)}</span>
            <span className="muted">{t('practice.points', { n: item.points })}</span>
            <span className="save-state" aria-live="polite">
              {saveState === 'saving' ? t('mock.saving') : saveState === 'saved' ? `✓ ${t('mock.saved')}` : saveState ? saveState.error : ''}
            </span>
          </p>
          <h2 id="mock-q-stem" className="question-stem">
            {item.stem}
          </h2>
          <QuestionInput
            key={item.no}
            name={`mock-${item.no}`}
            type={item.type}
            options={item.options}
            value={responses[item.no] ?? null}
            onChange={(v) => change(item.no, v, item.type === 'fill' || item.type === 'essay')}
          />
          <div className="actions">
            <button type="button" className="secondary" onClick={() => setCurrent((c) => c - 1)} disabled={current === 1}>
              {t('mock.prev')}
            </button>
            <button type="button" className="secondary" onClick={() => setCurrent((c) => c + 1)} disabled={current === items.length}>
              {t('mock.next')}
            </button>
          </div>
        </article>
      </div>
      {confirming && (
        <div className="dialog-backdrop">
          <div className="card dialog" role="dialog" aria-modal="true" aria-labelledby="confirm-title">
            <h2 id="confirm-title">{t('mock.confirmTitle')}</h2>
            <p>
              {unanswered.length
                ? t('mock.unansweredList', { n: unanswered.length, list: unanswered.slice(0, UNANSWERED_SHOWN).join('、') + (unanswered.length > UNANSWERED_SHOWN ? '…' : '') })
                : t('mock.allAnswered')}
            </p>
            <p className="muted">{t('mock.confirmText')}</p>
            {submitError && (
              <p className="field-error" role="alert">
                {submitError}
              </p>
            )}
            <div className="actions">
              <button type="button" onClick={submit} disabled={busy}>
                {t('mock.confirmSubmit')}
              </button>
              <button type="button" className="secondary" onClick={() => setConfirming(false)} disabled={busy} autoFocus>
                {t('mock.keepGoing')}
              </button>
            </div>
          </div>
        </div>
      )}
      <p className="muted">
        <a href={href({ name: 'mock' })}>{t('mock.backToMock')}</a>
      </p>
    </section>
  );
}

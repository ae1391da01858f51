import { useCallback, useEffect, useRef, useState } from 'react';
import type { MockAttemptView, ResponseValue } from '../../../../electron/shared/practiceTypes';
import { ApiError, call } from '../../api/client';
import { ErrorBox, Loading } from '../../components/Status';
import { errorText } from '../../components/errorText';
import { useI18n } from '../../i18n/i18n';
import { href } from '../../router';
import { Countdown } from './Countdown';
import { MockResult } from './MockResult';
import { PaperView } from './PaperView';
import { isBlank } from './QuestionInput';
import { SubmitDialog } from './SubmitDialog';

type SaveState = 'saving' | 'saved' | { error: string };

const asApiError = (e: unknown) => (e instanceof ApiError ? e : new ApiError({ code: 'internal', message: { 'zh-CN': String(e), en: String(e) } }));
/** Text is saved once typing pauses; choices at once. */
const TEXT_SAVE_DELAY_MS = 600;

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
  const saveState = saves[current];
  return (
    <section className="mock-exam" aria-labelledby="mock-exam-title">
      <header className="mock-bar">
        <h1 id="mock-exam-title">{initial.title}</h1>
        <span className="mock-answered">{t('mock.answeredCount', { n: answered, total: items.length })}</span>
        <Countdown ns="mock" remaining={remaining} />
        <button type="button" onClick={() => setConfirming(true)} disabled={busy}>
          {t('mock.submit')}
        </button>
      </header>
      <PaperView
        ns="mock"
        items={items}
        responses={responses}
        current={current}
        go={setCurrent}
        onAnswer={change}
        save={{ text: saveState === 'saving' ? t('mock.saving') : saveState === 'saved' ? `✓ ${t('mock.saved')}` : saveState ? saveState.error : '' }}
      />
      {confirming && (
        <SubmitDialog
          ns="mock"
          unanswered={unanswered}
          error={submitError}
          busy={busy}
          onSubmit={submit}
          onCancel={() => setConfirming(false)}
          cancelLabel={t('mock.keepGoing')}
          focusCancel
        />
      )}
      <p className="muted">
        <a href={href({ name: 'mock' })}>{t('mock.backToMock')}</a>
      </p>
    </section>
  );
}

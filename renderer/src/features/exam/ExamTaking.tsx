import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CandidateExamState } from '../../../../electron/shared/examTypes';
import type { ResponseValue } from '../../../../electron/shared/practiceTypes';
import { ApiError, call } from '../../api/client';
import { errorText } from '../../components/errorText';
import { useI18n } from '../../i18n/i18n';
import { Countdown } from '../practice/Countdown';
import { PaperView } from '../practice/PaperView';
import { isBlank } from '../practice/QuestionInput';
import { SubmitDialog, listNos } from '../practice/SubmitDialog';
import { ProctorUnlock } from './ProctorUnlock';
import { SaveQueue, type ItemSave } from './saveQueue';

/** Text is saved once typing pauses; choices at once. */
const TEXT_SAVE_DELAY_MS = 600;
/** How often the screen asks the server for the clock (extensions, pauses, a proctor's force-submit). */
const POLL_MS = 15_000;
const WARNINGS_MIN = [10, 5, 1] as const;

interface Props {
  initial: CandidateExamState;
  resumed: boolean;
  onFinished: (s: CandidateExamState) => void;
  onLost: () => void;
}

/** One question per screen, navigator, flags, the server's countdown, autosave, submit. */
export function ExamTaking({ initial, resumed, onFinished, onLost }: Props) {
  const { t, locale } = useI18n();
  const attempt = initial.attempt!;
  const items = attempt.items;
  const [responses, setResponses] = useState<Record<number, ResponseValue | null>>(() => Object.fromEntries(items.map((i) => [i.no, i.response])));
  const [flags, setFlags] = useState<Record<number, boolean>>(() => Object.fromEntries(items.map((i) => [i.no, i.flagged])));
  const [saves, setSaves] = useState<Record<number, ItemSave>>({});
  const [current, setCurrent] = useState(() => items.find((i) => i.response === null)?.no ?? 1);
  const [clock, setClock] = useState({ deadline: attempt.deadline, offset: attempt.serverNow - Date.now(), paused: initial.exam.sessionStatus === 'paused', pausedLeft: attempt.deadline - attempt.serverNow });
  const [remaining, setRemaining] = useState(attempt.deadline - attempt.serverNow);
  const [warning, setWarning] = useState<number | null>(null);
  const [focusNote, setFocusNote] = useState<{ count: number; limit: number } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [submitError, setSubmitError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const warned = useRef(new Set<number>());
  const textTimers = useRef(new Map<number, ReturnType<typeof setTimeout>>());
  const finished = useRef(false);

  const finish = useCallback(async () => {
    if (finished.current) return;
    try {
      const s = await call('exam.state', {});
      if (s.attempt?.status === 'submitted') {
        finished.current = true;
        queue.stop();
        onFinished(s);
      } else if (s.attempt) {
        setClock({ deadline: s.attempt.deadline, offset: s.attempt.serverNow - Date.now(), paused: s.exam.sessionStatus === 'paused', pausedLeft: s.attempt.deadline - s.attempt.serverNow });
      }
    } catch (e) {
      if (e instanceof ApiError && e.body.code === 'unauthenticated') onLost();
    }
  }, [onFinished, onLost]);

  const queue = useMemo(
    () =>
      new SaveQueue(
        (no, s) => setSaves((prev) => ({ ...prev, [no]: s })),
        (e) => {
          if (e.body.code === 'unauthenticated') onLost();
          else void finish();
        },
      ),
    [],
  );
  useEffect(() => () => queue.stop(), [queue]);

  // The countdown runs from the server's deadline and clock, never from the PC clock alone.
  useEffect(() => {
    const tick = () => {
      const left = clock.paused ? clock.pausedLeft : clock.deadline - (Date.now() + clock.offset);
      setRemaining(left);
      // Time given back (an extension, a credit) re-arms the warnings it moved past.
      for (const m of [...warned.current]) if (left > m * 60_000 + 5_000) warned.current.delete(m);
      setWarning((w) => (w !== null && left > w * 60_000 + 5_000 ? null : w));
      const due = WARNINGS_MIN.filter((m) => left <= m * 60_000 && left > 0 && !warned.current.has(m));
      if (due.length) {
        due.forEach((m) => warned.current.add(m));
        setWarning(Math.min(...due));
      }
      if (left <= 0 && !clock.paused) {
        // Time is up: flush what is queued, then the server finalises the attempt (自动交卷).
        void queue.flush().then(finish);
      }
    };
    tick();
    const id = setInterval(tick, 1000);
    return () => clearInterval(id);
  }, [clock, queue, finish]);

  useEffect(() => {
    const id = setInterval(() => void finish(), POLL_MS);
    return () => clearInterval(id);
  }, [finish]);

  // Leaving the window is reported to the server, which counts it with its own timestamp.
  useEffect(() => {
    let last = 0;
    const report = (kind: 'blur' | 'hidden') => {
      const now = Date.now();
      if (now - last < 1000) return; // blur and visibilitychange of the same switch count once
      last = now;
      call('exam.reportFocusLoss', { kind }).then(
        (r) => {
          setFocusNote({ count: r.count, limit: r.limit });
          if (r.submitted) void finish();
        },
        () => undefined,
      );
    };
    const onBlur = () => report('blur');
    const onVisibility = () => document.visibilityState === 'hidden' && report('hidden');
    window.addEventListener('blur', onBlur);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('blur', onBlur);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [finish]);

  const change = (no: number, value: ResponseValue | null, text: boolean) => {
    setResponses((r) => ({ ...r, [no]: value }));
    const pending = textTimers.current.get(no);
    if (pending) clearTimeout(pending);
    if (!text) return queue.answer(no, isBlank(value) ? null : value);
    setSaves((s) => ({ ...s, [no]: 'pending' }));
    textTimers.current.set(
      no,
      setTimeout(() => {
        textTimers.current.delete(no);
        queue.answer(no, isBlank(value) ? null : value);
      }, TEXT_SAVE_DELAY_MS),
    );
  };

  const toggleFlag = (no: number) => {
    const next = !flags[no];
    setFlags((f) => ({ ...f, [no]: next }));
    queue.flag(no, next);
  };

  const flushText = () => {
    for (const [no, id] of textTimers.current) {
      clearTimeout(id);
      textTimers.current.delete(no);
      queue.answer(no, isBlank(responses[no]) ? null : responses[no]);
    }
  };

  const submit = async () => {
    setBusy(true);
    setSubmitError(undefined);
    flushText();
    await queue.flush();
    try {
      const s = await call('exam.submit', {});
      finished.current = true;
      queue.stop();
      onFinished(s);
    } catch (e) {
      const err = e instanceof ApiError ? e : null;
      if (err?.body.code === 'attempt_submitted' || err?.body.code === 'attempt_expired') return void finish();
      if (err?.body.code === 'unauthenticated') return onLost();
      setSubmitError(errorText(e, locale));
      setBusy(false);
    }
  };

  const answeredNos = items.filter((i) => !isBlank(responses[i.no])).map((i) => i.no);
  const unanswered = items.filter((i) => isBlank(responses[i.no])).map((i) => i.no);
  const flagged = items.filter((i) => flags[i.no]).map((i) => i.no);
  const item = items[current - 1];
  const save = saves[current];
  const saveText =
    save === 'saved'
      ? `✓ ${t('exam.saved')}`
      : save === 'saving' || save === 'pending'
        ? t('exam.saving')
        : save === 'retrying'
          ? t('exam.retrying')
          : save
            ? save.error.body.message[locale]
            : '';

  return (
    <section
      className="exam-taking"
      aria-labelledby="exam-title"
      onCopy={(e) => e.preventDefault()}
      onCut={(e) => e.preventDefault()}
      onPaste={(e) => e.preventDefault()}
    >
      <header className="mock-bar exam-bar">
        <h1 id="exam-title">{initial.exam.title}</h1>
        <span className="exam-who">
          {initial.candidate.name}（{initial.candidate.employeeId}）
        </span>
        <span className="mock-answered" data-testid="answered-count">
          {t('exam.answeredCount', { n: answeredNos.length, total: items.length })}
        </span>
        <Countdown ns="exam" remaining={remaining} testId="exam-timer" />
        <button type="button" onClick={() => (flushText(), setConfirming(true))} disabled={busy || clock.paused}>
          {t('exam.submit')}
        </button>
        <ProctorUnlock />
      </header>
      {resumed && <p className="exam-notice ok">{t('exam.resumed')}</p>}
      {warning !== null && (
        <p className="exam-notice warn" role="alert" data-testid="time-warning">
          {t('exam.timeWarning', { n: warning })}
          <button type="button" className="secondary small" onClick={() => setWarning(null)}>
            {t('exam.dismiss')}
          </button>
        </p>
      )}
      {focusNote && (
        <p className="exam-notice warn" role="alert" data-testid="focus-warning">
          {focusNote.limit > 0 ? t('exam.focusLostLimit', { n: focusNote.count, limit: focusNote.limit }) : t('exam.focusLost', { n: focusNote.count })}
          <button type="button" className="secondary small" onClick={() => setFocusNote(null)}>
            {t('exam.dismiss')}
          </button>
        </p>
      )}
      <PaperView
        ns="exam"
        items={items}
        responses={responses}
        current={current}
        go={setCurrent}
        onAnswer={change}
        disabled={clock.paused}
        save={{ text: saveText, failed: !!save && typeof save === 'object', testId: 'save-state' }}
        flags={{ marked: flags, legend: t('exam.legendFlagged') }}
      >
        <button type="button" className={`secondary flag-button${flags[item.no] ? ' on' : ''}`} aria-pressed={!!flags[item.no]} onClick={() => toggleFlag(item.no)} disabled={clock.paused}>
          ⚑ {flags[item.no] ? t('exam.unflag') : t('exam.flag')}
        </button>
      </PaperView>
      {clock.paused && (
        <div className="dialog-backdrop">
          <div className="card dialog" role="alertdialog" aria-modal="true" aria-labelledby="paused-title">
            <h2 id="paused-title">{t('exam.pausedTitle')}</h2>
            <p>{t('exam.pausedText')}</p>
          </div>
        </div>
      )}
      {confirming && (
        <SubmitDialog
          ns="exam"
          unanswered={unanswered}
          summaryTestId="unanswered-summary"
          error={submitError}
          busy={busy}
          onSubmit={() => void submit()}
          onCancel={() => setConfirming(false)}
          cancelLabel={t('exam.backToPaper')}
        >
          {flagged.length > 0 && <p>{t('exam.flaggedList', { n: flagged.length, list: listNos(flagged) })}</p>}
        </SubmitDialog>
      )}
    </section>
  );
}

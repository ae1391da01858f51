import { useI18n } from '../../i18n/i18n';
import type { PaperMessages } from './QuestionNav';

/** Time left as m:ss, or h:mm:ss from an hour up; never below zero. */
export function formatClock(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const hh = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return hh ? `${hh}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** 剩余时间 in an exam's bar; marked urgent in the last five minutes. */
export function Countdown({ ns, remaining, testId }: { ns: PaperMessages; remaining: number; testId?: string }) {
  const { t } = useI18n();
  const urgent = remaining <= 5 * 60_000;
  return (
    <span className={`mock-timer${urgent ? ' urgent' : ''}`} role="timer" aria-label={t(`${ns}.remaining`)}>
      {t(`${ns}.remaining`)} <strong data-testid={testId}>{formatClock(remaining)}</strong>
    </span>
  );
}

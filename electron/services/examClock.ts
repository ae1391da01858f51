/**
 * The exam clock. Deadlines are wall-clock times stored in user.db (they must survive a crash), but
 * within one run of the app the wall clock is checked against a monotonic clock: when the system time
 * moves by more than CLOCK_JUMP_MS (set back to win time, set forward by mistake, an NTP step, a
 * suspended PC) the jump is written to the audit log and the deadlines of running attempts move with
 * it, so the time left follows the monotonic clock. Across runs only the wall clock exists; a long gap
 * is handled by the session's resume policy instead.
 */
import crypto from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { App } from './app';
import { appendAudit } from './audit';

export const CLOCK_JUMP_MS = 2 * 60_000;

export interface ClockReading {
  wall: number;
  /** Milliseconds on this run's monotonic clock; comparable only within the same runId. */
  mono: number;
  runId: string;
}

interface ClockState {
  runId: string;
  mono: () => number;
  last: { wall: number; mono: number } | null;
}

const states = new WeakMap<App, ClockState>();

function state(app: App): ClockState {
  let s = states.get(app);
  if (!s) {
    s = { runId: crypto.randomBytes(6).toString('hex'), mono: () => performance.now(), last: null };
    states.set(app, s);
  }
  return s;
}

/** Replaces the monotonic clock (tests move the wall clock with `now` and this one separately). */
export function setMonotonicClock(app: App, mono: () => number): void {
  const s = state(app);
  s.mono = mono;
  s.last = null;
}

export function readClock(app: App): ClockReading {
  const s = state(app);
  return { wall: app.now(), mono: s.mono(), runId: s.runId };
}

/**
 * Compares the wall clock with the monotonic clock since the last check. On a jump: one audit entry
 * (action exam.clock_change) and, in the same transaction, running attempts' deadlines, last-seen times
 * and paused sessions' pause times shifted by the jump. Returns the jump in ms (0 when none).
 */
export function checkClock(app: App): number {
  const s = state(app);
  const wall = app.now();
  const mono = s.mono();
  const last = s.last;
  s.last = { wall, mono };
  if (!last) return 0;
  const expected = last.wall + (mono - last.mono);
  const jump = wall - expected;
  if (Math.abs(jump) <= CLOCK_JUMP_MS) return 0;
  const db = app.user;
  db.transaction(() => {
    const attempts = db.prepare("SELECT id FROM exam_attempts WHERE status = 'in_progress'").pluck().all() as number[];
    db.prepare("UPDATE exam_attempts SET deadline = deadline + ?, last_seen_at = last_seen_at + ? WHERE status = 'in_progress'").run(jump, jump);
    db.prepare('UPDATE exam_sessions SET paused_at = paused_at + ? WHERE paused_at IS NOT NULL').run(jump);
    appendAudit(db, wall, {
      actorId: null,
      action: 'exam.clock_change',
      target: null,
      details: {
        jumpMs: Math.round(jump),
        expectedWall: Math.round(expected),
        wall,
        runId: s.runId,
        monoMs: Math.round(mono),
        adjustedAttempts: attempts,
      },
    });
  })();
  return jump;
}

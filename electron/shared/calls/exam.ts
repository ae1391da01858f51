import { z } from 'zod';
import type { CandidateExamState, CandidateSignIn, ExamSaved, FocusReport } from '../examTypes';
import { ALL_ROLES, noInput, returns, text, type CallSpec } from './define';
import { responseValue } from './practice';

const CANDIDATE = ['candidate'] as const;

export const employeeIdInput = z.string().trim().min(1).max(32).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and -');
/** Session codes are 6 characters from an alphabet without look-alikes (no 0/O, 1/I/L). */
export const sessionCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[2-9A-HJKMNP-Z]{6}$/, '6 characters');
const itemNo = z.number().int().min(1).max(500);
const staffCredentials = z.strictObject({ employeeId: employeeIdInput, password: z.string().min(1).max(128) });

/**
 * Calls of a candidate at the exam PC. A candidate session is bound to one roster entry of one session;
 * nothing returned before submission holds a key, explanation, reference, key point or correctness flag.
 */
export const examCalls = {
  /**
   * Employee id + the session code the proctor announces. When the candidate's attempt was left for
   * longer than the session allows, a proctor signs with their password (`proctor`) to resume it and
   * may credit the gap back (`creditGap`).
   */
  'exam.signIn': {
    input: z.strictObject({
      employeeId: employeeIdInput,
      code: sessionCode,
      proctor: staffCredentials.optional(),
      creditGap: z.boolean().optional(),
    }),
    output: returns<CandidateSignIn>(),
    roles: ALL_ROLES,
  },
  /** The candidate's exam, attempt, remaining time (server clock) and, after submission, the result. */
  'exam.state': { input: noInput, output: returns<CandidateExamState>(), roles: CANDIDATE },
  /** Draws the candidate's paper and starts the clock, or returns the attempt already running. */
  'exam.start': { input: noInput, output: returns<CandidateExamState>(), roles: CANDIDATE },
  /** One durable transaction per change; `response: null` (or a blank one) clears the answer. */
  'exam.saveAnswer': {
    input: z.strictObject({ no: itemNo, response: responseValue.nullable() }),
    output: returns<ExamSaved>(),
    roles: CANDIDATE,
  },
  'exam.setFlag': { input: z.strictObject({ no: itemNo, flagged: z.boolean() }), output: returns<ExamSaved>(), roles: CANDIDATE },
  /** The exam window lost focus or was hidden: counted with the server's timestamp, shown to the proctor. */
  'exam.reportFocusLoss': {
    input: z.strictObject({ kind: z.enum(['blur', 'hidden']) }),
    output: returns<FocusReport>(),
    roles: CANDIDATE,
  },
  'exam.submit': { input: noInput, output: returns<CandidateExamState>(), roles: CANDIDATE },
  /** A proctor's password lets the exam PC leave kiosk mode during an attempt (audited). */
  'exam.unlockKiosk': {
    input: z.strictObject({ proctor: staffCredentials, reason: text(200).trim().min(2) }),
    output: returns<{ unlocked: true }>(),
    roles: CANDIDATE,
  },
} as const satisfies Record<string, CallSpec>;

import { z } from 'zod';
import type {
  AttemptDetail,
  AuditEntryView,
  BlueprintChoice,
  ExamSessionSummary,
  ExamSessionView,
  RosterEntry,
  RosterImportReport,
} from '../examTypes';
import { STAFF, noInput, returns, slugId, text, type CallSpec } from './define';
import { employeeIdInput } from './exam';

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
/** Why a proctor did something: required for extensions, credits, reopening and force-submits. */
const reason = text(200).trim().min(2, 'a reason is required');
const minutes = z.number().int().min(1).max(600);

export const rosterRow = z.strictObject({
  employeeId: employeeIdInput,
  name: text(40).trim().min(1),
  branch: text(60).trim().default(''),
});

export const examSettingsInput = z.strictObject({
  multipleScoring: z.enum(['all_or_nothing', 'partial']).default('all_or_nothing'),
  showScore: z.boolean().default(true),
  allowReview: z.boolean().default(false),
  focusLossLimit: z.number().int().min(0).max(50).default(0),
  resumeGapMinutes: z.number().int().min(1).max(60).default(2),
});

export const proctorCalls = {
  /** Certification blueprints in content.db, with their defaults. */
  'proctor.blueprints': { input: noInput, output: returns<BlueprintChoice[]>(), roles: STAFF },
  'proctor.createSession': {
    input: z.strictObject({
      blueprintId: slugId,
      title: text(80).trim().min(1),
      date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD'),
      room: text(40).trim().default(''),
      timeLimitMinutes: z.number().int().min(1).max(600),
      passScore: z.number().min(0).max(1000),
      settings: examSettingsInput.default({ multipleScoring: 'all_or_nothing', showScore: true, allowReview: false, focusLossLimit: 0, resumeGapMinutes: 2 }),
      roster: z.array(rosterRow).max(500).default([]),
    }),
    output: returns<ExamSessionView>(),
    roles: STAFF,
  },
  'proctor.listSessions': { input: noInput, output: returns<ExamSessionSummary[]>(), roles: STAFF },
  /** The session with its roster, each candidate's attempt, clock, focus losses and score. */
  'proctor.getSession': { input: z.strictObject({ sessionId: id }), output: returns<ExamSessionView>(), roles: STAFF },
  /** Adds one candidate (a walk-in when the session is already open). */
  'proctor.addCandidate': {
    input: z.strictObject({ sessionId: id, candidate: rosterRow }),
    output: returns<RosterEntry>(),
    roles: STAFF,
  },
  /** CSV text (UTF-8, with or without BOM) or an XLSX file as base64: employee id, name, branch. */
  'proctor.importRoster': {
    input: z.strictObject({
      sessionId: id,
      format: z.enum(['csv', 'xlsx']),
      data: z.string().min(1).max(900_000),
    }),
    output: returns<RosterImportReport>(),
    roles: STAFF,
  },
  /** Removes a candidate who has not started. */
  'proctor.removeCandidate': { input: z.strictObject({ candidateId: id }), output: returns<null>(), roles: STAFF },
  /** open, pause, resume (the clocks of running attempts stop while paused), close (running attempts are submitted). */
  'proctor.setSessionStatus': {
    input: z.strictObject({ sessionId: id, action: z.enum(['open', 'pause', 'resume', 'close']), reason: text(200).trim().optional() }),
    output: returns<ExamSessionView>(),
    roles: STAFF,
  },
  'proctor.extendTime': { input: z.strictObject({ attemptId: id, minutes, reason }), output: returns<AttemptDetail>(), roles: STAFF },
  /** Gives back time lost to a crash or power cut. */
  'proctor.creditTime': { input: z.strictObject({ attemptId: id, minutes, reason }), output: returns<AttemptDetail>(), roles: STAFF },
  'proctor.forceSubmit': { input: z.strictObject({ attemptId: id, reason }), output: returns<AttemptDetail>(), roles: STAFF },
  /** Reopens a submitted attempt with `minutes` on the clock; its 简答 grades are cleared. */
  'proctor.reopen': { input: z.strictObject({ attemptId: id, minutes, reason }), output: returns<AttemptDetail>(), roles: STAFF },
  /** Everything about one attempt, keys and reference answers included. */
  'proctor.attempt': { input: z.strictObject({ attemptId: id }), output: returns<AttemptDetail>(), roles: STAFF },
  /** Points per key point for one 简答 answer; the attempt is final once no 简答 is left ungraded. */
  'proctor.gradeEssay': {
    input: z.strictObject({
      attemptId: id,
      no: z.number().int().min(1).max(500),
      awards: z.array(z.number().min(0).max(100)).min(1).max(20),
      comment: text(500).trim().default(''),
    }),
    output: returns<AttemptDetail>(),
    roles: STAFF,
  },
  /** Audit entries of the session and its attempts, newest first. */
  'proctor.audit': { input: z.strictObject({ sessionId: id }), output: returns<AuditEntryView[]>(), roles: STAFF },
} as const satisfies Record<string, CallSpec>;

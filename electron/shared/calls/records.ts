import { z } from 'zod';
import type { CertificateCheck, ExportChunk, ExportJob, RecordDetail, RecordFilterOptions, RecordPage, RecordRow, RecordStats } from '../recordTypes';
import { ADMIN, STAFF, noInput, returns, slugId, text, type CallSpec } from './define';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
export const attemptUid = z.string().regex(/^[0-9a-f]{32}$/, '32 lowercase hex characters');
const jobId = z.string().regex(/^[0-9a-f]{16}$/);

/**
 * What HR and proctors filter records by; every field optional. A proctor only ever sees the sessions they
 * created on this PC (the scope is added by the service, whatever the filter says).
 */
export const recordFilter = z.strictObject({
  /** Exam date (the session's), inclusive. */
  from: day.optional(),
  to: day.optional(),
  sessionCode: text(16, 1).optional(),
  blueprintId: slugId.optional(),
  branch: text(60, 1).optional(),
  /** Employee id (exact, any case) or part of a name. */
  person: text(40, 1).trim().optional(),
  result: z.enum(['passed', 'failed']).optional(),
  state: z.enum(['in_progress', 'pending_grading', 'final']).optional(),
  origin: z.enum(['local', 'imported']).optional(),
});
export type RecordFilter = z.infer<typeof recordFilter>;

export const recordsCalls = {
  'records.list': {
    input: z.strictObject({
      filter: recordFilter.default({}),
      offset: z.number().int().min(0).max(10_000_000).default(0),
      limit: z.number().int().min(1).max(500).default(50),
    }),
    output: returns<RecordPage>(),
    roles: STAFF,
  },
  'records.filterOptions': { input: noInput, output: returns<RecordFilterOptions>(), roles: STAFF },
  /** A person's history: every attempt of one employee id, newest first. */
  'records.person': { input: z.strictObject({ employeeId: text(32, 1).trim() }), output: returns<RecordRow[]>(), roles: STAFF },
  'records.attempt': { input: z.strictObject({ uid: attemptUid }), output: returns<RecordDetail>(), roles: STAFF },
  /** Statistics of the filtered attempts (give a session or a blueprint for item analysis to mean something). */
  'records.stats': { input: z.strictObject({ filter: recordFilter.default({}) }), output: returns<RecordStats>(), roles: STAFF },
  /** Starts writing an XLSX or CSV export in the background; poll exportStatus, fetch the file in chunks when done. */
  'records.exportStart': {
    input: z.strictObject({ format: z.enum(['xlsx', 'csv']), filter: recordFilter.default({}) }),
    output: returns<ExportJob>(),
    roles: STAFF,
  },
  /** Starts rendering a PDF (Chromium's PDF engine): an attempt's score report, a certificate, or a session report. */
  'records.reportStart': {
    input: z.discriminatedUnion('report', [
      z.strictObject({ report: z.literal('attempt'), uid: attemptUid }),
      z.strictObject({ report: z.literal('certificate'), uid: attemptUid }),
      z.strictObject({ report: z.literal('session'), sessionCode: text(16, 1) }),
    ]),
    output: returns<ExportJob>(),
    roles: STAFF,
  },
  'records.exportStatus': { input: z.strictObject({ id: jobId }), output: returns<ExportJob>(), roles: STAFF },
  'records.exportCancel': { input: z.strictObject({ id: jobId }), output: returns<ExportJob>(), roles: STAFF },
  /** Up to 4 MiB of the finished file from `offset`; the job and its file are dropped after the last chunk. */
  'records.exportFetch': {
    input: z.strictObject({ id: jobId, offset: z.number().int().min(0).max(2 ** 40) }),
    output: returns<ExportChunk>(),
    roles: STAFF,
  },
  /** Checks a certificate's verification code against the signature of this or a trusted installation. */
  'records.verifyCertificate': {
    input: z.strictObject({ number: text(40, 1).trim(), code: text(200, 1) }),
    output: returns<CertificateCheck>(),
    roles: ADMIN,
  },
} as const satisfies Record<string, CallSpec>;

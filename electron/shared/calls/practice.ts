import { z } from 'zod';
import type {
  MockAttemptSummary,
  MockAttemptView,
  MockSaved,
  PracticeFeedback,
  PracticeSet,
  PracticeStats,
  ReviewQueue,
  WrongBookChapter,
} from '../practiceTypes';
import { noInput, returns, slugId, type CallSpec } from './define';

const LEARNER = ['learner'] as const;

/** Question ids are `<chapterId>-NNN`. */
const questionId = slugId;
/** A letter (单选, 情景), letters (多选), true/false (判断), or text (填空 up to 200, 简答 up to 5000 characters). */
export const responseValue = z.union([
  z.boolean(),
  z.string().max(5000),
  z.array(z.string().regex(/^[A-Ha-h]$/, 'an option letter A–H')).max(8),
]);
const attemptId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const practiceCalls = {
  /** A practice set for a chapter or one of its sections (with its sub-sections). No keys. */
  'practice.start': {
    input: z.strictObject({ chapterId: slugId, sectionId: slugId.optional(), limit: z.number().int().min(1).max(50).optional() }),
    output: returns<PracticeSet>(),
    roles: LEARNER,
  },
  /** Grades and records one answer; returns the key, the explanation and the section it comes from. */
  'practice.answer': {
    input: z.strictObject({ questionId, response: responseValue }),
    output: returns<PracticeFeedback>(),
    roles: LEARNER,
  },
  /** An essay compared with its reference by the learner: "I knew it" or not. */
  'practice.selfCheck': {
    input: z.strictObject({ questionId, knewIt: z.boolean() }),
    output: returns<PracticeFeedback>(),
    roles: LEARNER,
  },
  'practice.markHard': { input: z.strictObject({ questionId }), output: returns<{ due: number }>(), roles: LEARNER },
  'practice.wrongBook': { input: noInput, output: returns<WrongBookChapter[]>(), roles: LEARNER },
  'practice.reviewQueue': { input: noInput, output: returns<ReviewQueue>(), roles: LEARNER },
  'practice.stats': { input: noInput, output: returns<PracticeStats>(), roles: LEARNER },
  /** Starts a mock exam, or resumes the one still running. */
  'mock.start': { input: noInput, output: returns<MockAttemptView>(), roles: LEARNER },
  'mock.list': { input: noInput, output: returns<MockAttemptSummary[]>(), roles: LEARNER },
  'mock.get': { input: z.strictObject({ attemptId }), output: returns<MockAttemptView>(), roles: LEARNER },
  /** `response: null` (or a blank one) clears the answer. */
  'mock.saveAnswer': {
    input: z.strictObject({ attemptId, no: z.number().int().min(1).max(500), response: responseValue.nullable() }),
    output: returns<MockSaved>(),
    roles: LEARNER,
  },
  'mock.submit': { input: z.strictObject({ attemptId }), output: returns<MockAttemptView>(), roles: LEARNER },
} as const satisfies Record<string, CallSpec>;

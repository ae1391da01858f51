import { z } from 'zod';
import type { ChapterState, StudyOverview } from '../types';
import { noInput, returns, slugId, text, type CallSpec } from './define';

const LEARNER = ['learner'] as const;
const section = { chapterId: slugId, sectionId: slugId };

export const studyCalls = {
  'study.overview': { input: noInput, output: returns<StudyOverview>(), roles: LEARNER },
  'study.chapterState': { input: z.strictObject({ chapterId: slugId }), output: returns<ChapterState>(), roles: LEARNER },
  /** A section scrolled through: marked read, and remembered as where to continue. */
  'study.markRead': { input: z.strictObject(section), output: returns<null>(), roles: LEARNER },
  'study.setPosition': { input: z.strictObject(section), output: returns<null>(), roles: LEARNER },
  'study.setBookmark': { input: z.strictObject({ ...section, on: z.boolean() }), output: returns<null>(), roles: LEARNER },
  /** An empty body deletes the note. */
  'study.saveNote': { input: z.strictObject({ ...section, body: text(5000) }), output: returns<null>(), roles: LEARNER },
} as const satisfies Record<string, CallSpec>;

import { z } from 'zod';
import type { ChapterSummary, ChapterView, PackSummary } from '../types';
import { ADMIN, COURSE_READERS, noInput, returns, slugId, type CallSpec } from './define';

/** A content pack file's text (JSON), as read by the admin's file picker. */
const packText = z.strictObject({ pack: z.string().min(1).max(8_000_000) });

export const contentCalls = {
  'content.listChapters': { input: noInput, output: returns<ChapterSummary[]>(), roles: COURSE_READERS },
  'content.getChapter': { input: z.strictObject({ chapterId: slugId }), output: returns<ChapterView>(), roles: COURSE_READERS },
  /** Validates a content pack and says what importing it would change; changes nothing. */
  'content.previewPack': { input: packText, output: returns<PackSummary>(), roles: ADMIN },
  /** Backs up user.db, then swaps the validated pack in as the course. */
  'content.importPack': { input: packText, output: returns<PackSummary>(), roles: ADMIN },
} as const satisfies Record<string, CallSpec>;

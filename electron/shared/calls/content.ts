import { z } from 'zod';
import type { ChapterSummary, ChapterView } from '../types';
import { ALL_ROLES, noInput, returns, slugId, type CallSpec } from './define';

export const contentCalls = {
  'content.listChapters': { input: noInput, output: returns<ChapterSummary[]>(), roles: ALL_ROLES },
  'content.getChapter': { input: z.strictObject({ chapterId: slugId }), output: returns<ChapterView>(), roles: ALL_ROLES },
} as const satisfies Record<string, CallSpec>;

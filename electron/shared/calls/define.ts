import { z } from 'zod';
import type { Role } from '../types';

/** Phantom marker carrying a call's output type; never read at run time. */
export const returns = <T>() => null as unknown as T;

export interface CallSpec {
  input: z.ZodType;
  output: unknown;
  roles: readonly Role[];
}

export const ALL_ROLES: readonly Role[] = ['anonymous', 'learner', 'candidate', 'proctor', 'admin'];
/** Who may read the course and search it: everyone but a candidate in the middle of an exam. */
export const COURSE_READERS: readonly Role[] = ['anonymous', 'learner', 'proctor', 'admin'];
export const SIGNED_IN: readonly Role[] = ['learner', 'candidate', 'proctor', 'admin'];
export const STAFF: readonly Role[] = ['proctor', 'admin'];
export const ADMIN: readonly Role[] = ['admin'];

/** Ids of chapters, sections, questions, blueprints. */
export const slugId = z.string().min(1).max(64).regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and -');
export const noInput = z.strictObject({});
/** Bounded free text: every string a caller sends has a maximum length. */
export const text = (max: number, min = 0) => z.string().min(min).max(max);

/**
 * The one API contract. Every transport (Electron IPC, the HTTP bridge, the CLI) and the renderer's
 * client are derived from this list; tests check that nothing is handled in one and not the others.
 */
import { z } from 'zod';
import type { ChapterView, ChapterSummary, Role, SystemInfo } from './types';

/** Phantom marker carrying an output type; never read at run time. */
const returns = <T>() => null as unknown as T;

const id = z.string().min(1).max(64).regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and -');

export const ALL_ROLES: readonly Role[] = ['anonymous', 'learner', 'candidate', 'proctor', 'admin'];
const everyone = ALL_ROLES;

export const contract = {
  'system.info': { input: z.object({}).strict(), output: returns<SystemInfo>(), roles: everyone },
  'content.listChapters': { input: z.object({}).strict(), output: returns<ChapterSummary[]>(), roles: everyone },
  'content.getChapter': {
    input: z.object({ chapterId: id }).strict(),
    output: returns<ChapterView>(),
    roles: everyone,
  },
} as const satisfies Record<string, { input: z.ZodType; output: unknown; roles: readonly Role[] }>;

export type Contract = typeof contract;
export type CallName = keyof Contract;
export type CallInput<N extends CallName> = z.input<Contract[N]['input']>;
export type CallOutput<N extends CallName> = Contract[N]['output'];
export const callNames = Object.keys(contract) as CallName[];

export function isCallName(name: string): name is CallName {
  return Object.hasOwn(contract, name);
}

/**
 * The one API contract: every call's name (`domain.verb`), zod input schema, output type and allowed
 * roles. The domain lists live in ./calls/; this module is the only place they are put together, and
 * every transport (Electron IPC, the HTTP bridge, the CLI) and the renderer's client derive from it.
 */
import type { z } from 'zod';
import type { CallSpec } from './calls/define';
import { systemCalls } from './calls/system';
import { contentCalls } from './calls/content';
import { authCalls } from './calls/auth';
import { studyCalls } from './calls/study';
import { maintenanceCalls } from './calls/maintenance';
import { practiceCalls } from './calls/practice';
import { examCalls } from './calls/exam';
import { proctorCalls } from './calls/proctor';
import { searchCalls } from './calls/search';
import { bankCalls } from './calls/bank';
import { recordsCalls } from './calls/records';
import { bundleCalls } from './calls/bundles';

export { ALL_ROLES } from './calls/define';

export const contract = {
  ...systemCalls,
  ...contentCalls,
  ...authCalls,
  ...studyCalls,
  ...maintenanceCalls,
  ...practiceCalls,
  ...examCalls,
  ...proctorCalls,
  ...searchCalls,
  ...bankCalls,
  ...recordsCalls,
  ...bundleCalls,
} as const satisfies Record<string, CallSpec>;

export type Contract = typeof contract;
export type CallName = keyof Contract;
export type CallInput<N extends CallName> = z.input<Contract[N]['input']>;
export type CallOutput<N extends CallName> = Contract[N]['output'];
export const callNames = Object.keys(contract) as CallName[];

export function isCallName(name: string): name is CallName {
  return Object.hasOwn(contract, name);
}

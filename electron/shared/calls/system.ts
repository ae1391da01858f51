import type { SystemInfo } from '../types';
import { ALL_ROLES, noInput, returns, type CallSpec } from './define';

export const systemCalls = {
  'system.info': { input: noInput, output: returns<SystemInfo>(), roles: ALL_ROLES },
} as const satisfies Record<string, CallSpec>;

import { z } from 'zod';
import type { AuthStatus, PersonView, SignedIn } from '../types';
import { ADMIN, ALL_ROLES, SIGNED_IN, noInput, returns, text, type CallSpec } from './define';

const employeeId = z.string().trim().min(1).max(32).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and -');
const personName = text(40).trim().min(1);
const branch = text(60).trim();
const password = z.string().min(8, 'at least 8 characters').max(128);
const pin = z.string().regex(/^\d{4,6}$/, '4–6 digits');

export const authCalls = {
  'auth.status': { input: noInput, output: returns<AuthStatus>(), roles: ALL_ROLES },
  /** First run only: creates the HR administrator and signs them in. */
  'auth.setupAdmin': {
    input: z.strictObject({ employeeId, name: personName, password }),
    output: returns<SignedIn>(),
    roles: ['anonymous'],
  },
  'auth.staffSignIn': {
    input: z.strictObject({ employeeId, password: z.string().min(1).max(128) }),
    output: returns<SignedIn>(),
    roles: ALL_ROLES,
  },
  'auth.signOut': { input: noInput, output: returns<null>(), roles: SIGNED_IN },
  'profiles.list': { input: noInput, output: returns<PersonView[]>(), roles: ALL_ROLES },
  'profiles.create': {
    input: z.strictObject({ employeeId, name: personName, branch, pin: pin.optional() }),
    output: returns<SignedIn>(),
    roles: ALL_ROLES,
  },
  'profiles.signIn': {
    input: z.strictObject({ personId: z.number().int().positive(), pin: z.string().max(6).optional() }),
    output: returns<SignedIn>(),
    roles: ALL_ROLES,
  },
  'accounts.list': { input: noInput, output: returns<PersonView[]>(), roles: ADMIN },
  'accounts.create': {
    input: z.strictObject({ employeeId, name: personName, branch, role: z.enum(['proctor', 'admin']), password }),
    output: returns<PersonView>(),
    roles: ADMIN,
  },
} as const satisfies Record<string, CallSpec>;

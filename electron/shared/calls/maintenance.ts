import { z } from 'zod';
import type { BackupEntry, CheckReport, RecoveryStatus } from '../types';
import { ADMIN, ALL_ROLES, noInput, returns, text, type CallSpec } from './define';

const backupName = z.string().min(1).max(200).regex(/^user-[\w-]+\.db$/, 'a backup file name from the list');

export const maintenanceCalls = {
  /** Whether the app runs normally or only offers to restore a backup (user.db damaged). */
  'recovery.status': { input: noInput, output: returns<RecoveryStatus>(), roles: ALL_ROLES },
  /**
   * Restores a backup over a damaged user.db. Nobody can be signed in then, so an administrator's
   * credentials are checked against the backup being restored.
   */
  'recovery.restore': {
    input: z.strictObject({ backup: backupName, employeeId: text(32, 1), password: text(128, 1) }),
    output: returns<{ restored: string; keptAside: string | null }>(),
    roles: ALL_ROLES,
  },
  'maintenance.backup': { input: noInput, output: returns<BackupEntry>(), roles: ADMIN },
  'maintenance.check': { input: noInput, output: returns<CheckReport>(), roles: ADMIN },
} as const satisfies Record<string, CallSpec>;

import path from 'node:path';
import type { maintenanceCalls } from '../../shared/calls/maintenance';
import { AppError } from '../../shared/errors';
import { backupDatabase } from '../../../db/backup';
import { checkApp, inspectBackups } from '../../services/maintenance.service';
import { appendAudit } from '../../services/audit';
import type { HandlersFor } from './types';

export const maintenanceHandlers: HandlersFor<typeof maintenanceCalls> = {
  'recovery.status': (_i, { app, caller }) => ({
    mode: 'normal',
    problem: null,
    backups: caller.role === 'admin' ? inspectBackups(app.paths) : [],
  }),
  'recovery.restore': () => {
    throw new AppError('invalid_input', {
      'zh-CN': '数据库正常，无需恢复。如需回退到某个备份，请先关闭程序，再运行 npm run kb -- restore <备份文件>。',
      en: 'The database is fine; nothing to restore. To roll back to a backup, close the app and run npm run kb -- restore <backup file>.',
    });
  },
  'maintenance.backup': async (_i, { app, caller }) => {
    const b = await backupDatabase(app.user, app.paths.backupsDir, 'event', 'manual');
    appendAudit(app.user, app.now(), { actorId: caller.personId, action: 'backup.create', target: path.basename(b.file) });
    return inspectBackups(app.paths).find((e) => e.file === path.basename(b.file))!;
  },
  'maintenance.check': (_i, { app }) => checkApp(app),
};

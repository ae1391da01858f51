import Database from 'better-sqlite3';
import path from 'node:path';
import { contract } from '../shared/contract';
import { AppError, type Result } from '../shared/errors';
import { openApp, type App, type AppOptions } from '../services/app';
import { inspectBackups, restoreBackup } from '../services/maintenance.service';
import { verifySecret } from '../services/secrets';
import { dataPaths } from '../services/paths';
import { startExamTicker } from '../services/examLifecycle';
import { createGateway, type Gateway } from './gateway';
import { Sessions } from './sessions';

export interface Running {
  /** Delegates to the normal gateway, or to the recovery one while user.db is damaged. */
  gateway: Gateway;
  mode(): 'normal' | 'recovery';
  close(): void;
}

/** An administrator of the backup (not of the damaged live file) may restore it. */
function adminOfBackup(file: string, employeeId: string, password: string): boolean {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare("SELECT secret_hash FROM people WHERE employee_id = ? COLLATE NOCASE AND role = 'admin'").get(employeeId) as
      | { secret_hash: string | null }
      | undefined;
    return !!row?.secret_hash && verifySecret(password, row.secret_hash);
  } finally {
    db.close();
  }
}

/**
 * Opens the app for a transport. When user.db is damaged the app does not stop: it serves a recovery
 * gateway that explains the problem and can restore a verified backup, then switches to normal.
 */
export async function openRunning(opts: AppOptions): Promise<Running> {
  let app: App | null = null;
  let inner: Gateway;
  let problem: AppError | null = null;

  const recovery = (): Gateway => {
    const refuse = (): Result<unknown> => ({ ok: false, error: problem!.toBody() });
    const handle = async (name: string, input: unknown, trusted: boolean): Promise<Result<unknown>> => {
      const paths = dataPaths(opts.dataDir);
      if (name === 'recovery.status') {
        return { ok: true, value: { mode: 'recovery', problem: problem!.toBody().message, backups: inspectBackups(paths) } };
      }
      if (name !== 'recovery.restore') return refuse();
      const parsed = contract['recovery.restore'].input.safeParse(input);
      if (!parsed.success) {
        return { ok: false, error: new AppError('invalid_input', undefined, parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))).toBody() };
      }
      try {
        const { backup, employeeId, password } = parsed.data;
        const file = path.join(paths.backupsDir, path.basename(backup));
        const entry = inspectBackups(paths).find((b) => b.file === path.basename(backup));
        if (!entry?.ok) return { ok: false, error: new AppError('not_found', { 'zh-CN': '该备份不存在或已损坏。', en: 'That backup does not exist or is damaged.' }).toBody() };
        if (!trusted && !adminOfBackup(file, employeeId, password)) return { ok: false, error: new AppError('bad_credentials').toBody() };
        const result = restoreBackup(paths, backup, Date.now());
        await switchToNormal();
        return { ok: true, value: result };
      } catch (e) {
        return { ok: false, error: (e instanceof AppError ? e : new AppError('internal')).toBody() };
      }
    };
    return {
      sessions: new Sessions(),
      call: (name, input) => handle(name, input, false),
      // The CLI runs with file access to the data folder, which is already more than an admin login.
      callAs: (caller, name, input) => handle(name, input, caller.role === 'admin'),
    };
  };

  let stopExamTicker = () => {};
  const switchToNormal = async () => {
    app = await openApp(opts);
    problem = null;
    // Attempts whose deadline passed while the app was down are finalised before anyone can call.
    stopExamTicker = startExamTicker(app);
    inner = createGateway(app);
  };

  try {
    await switchToNormal();
  } catch (e) {
    if (!(e instanceof AppError && e.code === 'db_corrupt')) throw e;
    problem = e;
    inner = recovery();
  }

  return {
    gateway: {
      get sessions() {
        return inner.sessions;
      },
      call: (name, input, token) => inner.call(name, input, token),
      callAs: (caller, name, input) => inner.callAs(caller, name, input),
    },
    mode: () => (problem ? 'recovery' : 'normal'),
    close: () => {
      stopExamTicker();
      app?.close();
    },
  };
}

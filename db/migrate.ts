import type { Db } from './open';
import { userVersion } from './open';
import { AppError } from '../electron/shared/errors';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export interface MigrationPlan {
  from: number;
  to: number;
}

/** Checks that a database can be migrated and says from which version to which. */
export function planMigration(db: Db, migrations: readonly Migration[]): MigrationPlan {
  const from = userVersion(db);
  const to = migrations.at(-1)?.version ?? 0;
  if (from > to) {
    throw new AppError('db_too_new', {
      'zh-CN': `数据库版本为 ${from}，本程序只支持到 ${to}。请升级程序后再打开；数据库未被修改。`,
      en: `The database is at version ${from}; this app supports up to ${to}. Update the app; the database was not changed.`,
    });
  }
  return { from, to };
}

/** Applies the pending migrations in order, each in one transaction that ends by bumping user_version. */
export function applyMigrations(db: Db, migrations: readonly Migration[]): MigrationPlan {
  const plan = planMigration(db, migrations);
  for (const m of migrations) {
    if (m.version <= plan.from) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return plan;
}

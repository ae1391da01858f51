import type { Db } from './open';
import { tooNew, userVersion } from './open';

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
  if (from > to) throw tooNew(from, to);
  return { from, to };
}

/**
 * Applies the pending migrations in order, each in one transaction that ends by bumping user_version.
 * A new database gets all of them in a single transaction (one commit instead of one per migration).
 */
export function applyMigrations(db: Db, migrations: readonly Migration[]): MigrationPlan {
  const plan = planMigration(db, migrations);
  const pending = migrations.filter((m) => m.version > plan.from);
  const apply = (m: Migration) => {
    db.exec(m.sql);
    db.pragma(`user_version = ${m.version}`);
  };
  if (plan.from === 0) db.transaction(() => pending.forEach(apply))();
  else for (const m of pending) db.transaction(() => apply(m))();
  return plan;
}

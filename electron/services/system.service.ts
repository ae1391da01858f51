import { userVersion } from '../../db/open';
import type { SystemInfo } from '../shared/types';
import { contentMeta, type App } from './app';
import { APP_VERSION } from './version';

export function systemInfo(app: App): SystemInfo {
  const meta = contentMeta(app.content);
  const count = (sql: string) => (app.content.prepare(sql).get() as { n: number }).n;
  return {
    appVersion: APP_VERSION,
    dataDir: app.paths.dataDir,
    user: { path: app.paths.userDb, schemaVersion: userVersion(app.user) },
    content: {
      path: app.paths.contentDb,
      schemaVersion: userVersion(app.content),
      contentVersion: meta.version,
      builtAt: meta.builtAt,
    },
    counts: {
      chapters: count('SELECT count(*) AS n FROM chapters'),
      sections: count('SELECT count(*) AS n FROM sections WHERE level = 2'),
      questions: count('SELECT count(*) AS n FROM questions'),
      blueprints: count('SELECT count(*) AS n FROM blueprints'),
      characters: meta.characters,
    },
  };
}

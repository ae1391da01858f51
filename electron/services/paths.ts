import os from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = '客服岗位技能认证';

/** The same folder Electron's app.getPath('userData') gives for our product name. */
export function defaultDataDir(): string {
  const home = os.homedir();
  switch (process.platform) {
    case 'win32':
      return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', PRODUCT_NAME);
    default:
      return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), PRODUCT_NAME);
  }
}

export interface DataPaths {
  dataDir: string;
  userDb: string;
  contentDb: string;
  backupsDir: string;
  /** Folder of `<pid>` marker files, one per process that has user.db open; a crash leaves its own behind. */
  runningDir: string;
}

export function dataPaths(dataDir: string): DataPaths {
  return {
    dataDir,
    userDb: path.join(dataDir, 'user.db'),
    contentDb: path.join(dataDir, 'content.db'),
    backupsDir: path.join(dataDir, 'backups'),
    runningDir: path.join(dataDir, 'running'),
  };
}

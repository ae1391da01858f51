import path from 'node:path';

/** Reverse-DNS id: electron-builder's appId and the Windows AppUserModelID (build/electron-builder.yml). */
export const APP_ID = 'cn.kefucert.desktop';

/** Where the packaged app keeps content.db: electron-builder's extraResources (see build/electron-builder.yml). */
export const PACKAGED_CONTENT_DB = path.join('content', 'content.db');

export interface AppLocation {
  /** app.isPackaged */
  isPackaged: boolean;
  /** process.resourcesPath: the folder holding app.asar and the extra resources. */
  resourcesPath: string;
  /** app.getAppPath(): the project folder in development, …/resources/app.asar when packaged. */
  appPath: string;
}

export interface MainPaths {
  /** Shipped content.db. Outside app.asar when packaged, because SQLite cannot open files inside an archive. */
  bundledContentDb: string;
  rendererDir: string;
  preload: string;
}

export function mainPaths(at: AppLocation): MainPaths {
  return {
    bundledContentDb: at.isPackaged
      ? path.join(at.resourcesPath, PACKAGED_CONTENT_DB)
      : path.join(at.appPath, 'dist', 'content', 'content.db'),
    rendererDir: path.join(at.appPath, 'dist', 'renderer'),
    preload: path.join(at.appPath, 'dist', 'electron', 'preload.cjs'),
  };
}

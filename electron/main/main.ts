/**
 * Electron main process: single instance, hardening, the app:// renderer, both databases, the IPC
 * registry and one window. Bundled to dist/electron/main.cjs by `npm run build:electron`.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell } from 'electron';
import { openRunning, type Running } from '../api/open';
import { PRODUCT_NAME } from '../services/paths';
import { AppError } from '../shared/errors';
import type { SystemInfo } from '../shared/types';
import { registerIpc } from './ipc';
import { appMenuTemplate } from './menu';
import { APP_START_URL } from './origin';
import { APP_ID, mainPaths } from './paths';
import { registerAppScheme, serveRenderer } from './protocol';
import { hardenApp, hardenSession, secureWebPreferences } from './security';
import { attachExamKiosk } from './kiosk';
import { electronPdfRenderer } from './pdf';

// Both must happen before `ready`.
registerAppScheme(protocol);
hardenApp(app, shell);

let kb: Running | null = null;
let ipc: { dispose(): void } | null = null;
let mainWindow: BrowserWindow | null = null;

const paths = () => mainPaths({ isPackaged: app.isPackaged, resourcesPath: process.resourcesPath, appPath: app.getAppPath() });

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 960,
    minHeight: 640,
    show: false,
    title: PRODUCT_NAME,
    backgroundColor: '#ffffff',
    webPreferences: secureWebPreferences({ preload: paths().preload, isPackaged: app.isPackaged }),
  });
  win.once('ready-to-show', () => win.show());
  // Kiosk lockdown while a certification attempt runs on this PC (see docs/exam-lockdown.md).
  const kiosk = attachExamKiosk(win);
  win.on('closed', kiosk.detach);
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  void win.loadURL(APP_START_URL);
  return win;
}

function shutdown(): void {
  ipc?.dispose();
  ipc = null;
  kb?.close();
  kb = null;
}

/** A start-up failure (corrupt or too-new database, missing course data…) is explained in both languages. */
function fatal(e: unknown): void {
  const message = e instanceof AppError ? e.toBody().message : null;
  dialog.showErrorBox(
    `${PRODUCT_NAME} 无法启动 / cannot start`,
    message
      ? `${message['zh-CN']}\n\n${message.en}`
      : `程序意外停止。\nUnexpected failure.\n\n${e instanceof Error ? e.message : String(e)}`,
  );
  shutdown();
  app.exit(e instanceof AppError ? 2 : 1);
}

async function start(): Promise<void> {
  const where = paths();
  hardenSession(session.defaultSession);
  serveRenderer(protocol, where.rendererDir);
  // A damaged user.db does not stop the app: it opens in recovery mode, where an admin restores a backup.
  kb = await openRunning({ dataDir: app.getPath('userData'), bundledContentDb: where.bundledContentDb, pdf: electronPdfRenderer() });
  ipc = registerIpc(ipcMain, kb.gateway);
  const info = await kb.gateway.call('system.info', {});
  app.setAboutPanelOptions({
    applicationName: PRODUCT_NAME,
    applicationVersion: app.getVersion(),
    version: info.ok ? `课程 / course ${(info.value as SystemInfo).content.contentVersion}` : '',
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate({ isPackaged: app.isPackaged, productName: PRODUCT_NAME })));
  mainWindow = createWindow();
}

if (!app.requestSingleInstanceLock()) {
  // Another copy is running and owns user.db: it gets focus (below), this one leaves.
  app.quit();
} else {
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('activate', () => {
    if (kb && !mainWindow) mainWindow = createWindow();
  });
  app.on('will-quit', shutdown);
  app.whenReady().then(start).catch(fatal);
}

/**
 * All Electron hardening lives here (as vite-electron-builder's security-restrictions.ts): window
 * preferences, navigation, new windows, webviews, permissions, remote requests and external links.
 * Electron objects arrive as parameters (type imports only), so tests check each rule with fakes.
 */
import type { App, Session, Shell, WebContents, WebPreferences } from 'electron';
import { isAppUrl } from './origin';

/** The fixed part of every window's webPreferences. */
export const SECURE_WEB_PREFERENCES = Object.freeze({
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  experimentalFeatures: false,
  navigateOnDragDrop: false,
  // The spellchecker would try to download dictionaries; branch PCs are offline.
  spellcheck: false,
  safeDialogs: true,
  disableBlinkFeatures: 'Auxclick',
} as const satisfies WebPreferences);

/** webPreferences for a window: the fixed rules, our preload, DevTools only in development. */
export function secureWebPreferences(opts: { preload: string; isPackaged: boolean }): WebPreferences {
  return { ...SECURE_WEB_PREFERENCES, preload: opts.preload, devTools: !opts.isPackaged };
}

/**
 * Origins (scheme://host[:port]) that links may open in the system browser. Empty: the app is offline
 * and has no reason to launch anything. Add an origin here only with a written reason.
 */
export const EXTERNAL_URL_ALLOWLIST: readonly string[] = Object.freeze([]);

export function isExternalUrlAllowed(url: string, allowlist: readonly string[] = EXTERNAL_URL_ALLOWLIST): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === 'https:' && !parsed.username && !parsed.password && allowlist.includes(parsed.origin);
}

/** The only path to shell.openExternal: refuses anything not on the allowlist. Returns whether it opened. */
export async function openExternalIfAllowed(
  shell: Pick<Shell, 'openExternal'>,
  url: string,
  allowlist: readonly string[] = EXTERNAL_URL_ALLOWLIST,
): Promise<boolean> {
  if (!isExternalUrlAllowed(url, allowlist)) return false;
  await shell.openExternal(url);
  return true;
}

/** Schemes a renderer may load anything from: our own, inline data, and (in development) DevTools. */
const LOADABLE_SCHEMES = new Set(['app:', 'data:', 'blob:', 'devtools:']);

export function isLoadableUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'app:' ? isAppUrl(url) : LOADABLE_SCHEMES.has(parsed.protocol);
  } catch {
    return false;
  }
}

interface PreventableUrlEvent {
  url: string;
  preventDefault(): void;
}

/** Navigation, redirects, new windows and webviews: only our own app:// pages ever load. */
export function hardenWebContents(contents: WebContents, shell: Pick<Shell, 'openExternal'>): void {
  const stayHome = (event: PreventableUrlEvent) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  };
  contents.on('will-navigate', stayHome);
  contents.on('will-frame-navigate', stayHome);
  contents.on('will-redirect', stayHome);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    void openExternalIfAllowed(shell, url).catch(() => undefined);
    return { action: 'deny' };
  });
}

/** Every permission request and check is denied; so are device pickers and any request off our origin. */
export function hardenSession(
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler' | 'webRequest'>,
): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isLoadableUrl(details.url) }));
}

/** Process-wide rules: sandbox every renderer, harden every webContents as it is created. */
export function hardenApp(app: Pick<App, 'enableSandbox' | 'on'>, shell: Pick<Shell, 'openExternal'>): void {
  app.enableSandbox();
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, shell));
}

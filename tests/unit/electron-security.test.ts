/**
 * The Electron hardening, checked where it can run here: each rule in electron/main/security.ts driven
 * through plain fake Electron objects, the app:// protocol on real files, the CSP, and static checks.
 */
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  EXTERNAL_URL_ALLOWLIST,
  SECURE_WEB_PREFERENCES,
  hardenApp,
  hardenSession,
  hardenWebContents,
  isExternalUrlAllowed,
  openExternalIfAllowed,
  secureWebPreferences,
} from '../../electron/main/security';
import { APP_RESPONSE_HEADERS, APP_SCHEME_PRIVILEGES, createAppProtocolHandler, resolveAppFile } from '../../electron/main/protocol';
import { APP_START_URL, isAppUrl } from '../../electron/main/origin';
import { CONTENT_SECURITY_POLICY } from '../../electron/shared/csp';
import { tempDir } from '../helpers/app';
import { ROOT } from '../helpers/paths';

type Contents = Parameters<typeof hardenWebContents>[0];

function fakeShell() {
  const opened: string[] = [];
  return { opened, openExternal: async (url: string) => void opened.push(url) };
}

/** A webContents stand-in: a real EventEmitter plus the window-open handler slot. */
function fakeWebContents() {
  const emitter = new EventEmitter() as EventEmitter & {
    openHandler?: (details: { url: string }) => { action: string };
    setWindowOpenHandler(h: (details: { url: string }) => { action: string }): void;
  };
  emitter.setWindowOpenHandler = (h) => {
    emitter.openHandler = h;
  };
  return emitter;
}

/** Emits `event` and reports whether a listener called preventDefault(). */
function prevented(contents: EventEmitter, event: string, url: string): boolean {
  let stopped = false;
  contents.emit(event, { url, preventDefault: () => (stopped = true) }, url);
  return stopped;
}

describe('BrowserWindow webPreferences', () => {
  it('isolate, sandbox and strip Node from every renderer', () => {
    const prefs = secureWebPreferences({ preload: '/app/dist/electron/preload.cjs', isPackaged: true });
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.navigateOnDragDrop).toBe(false);
    expect(prefs.enableBlinkFeatures).toBeUndefined();
    expect(prefs.preload).toBe('/app/dist/electron/preload.cjs');
    expect(Object.isFrozen(SECURE_WEB_PREFERENCES)).toBe(true);
  });

  it('DevTools only when not packaged', () => {
    expect(secureWebPreferences({ preload: 'p', isPackaged: true }).devTools).toBe(false);
    expect(secureWebPreferences({ preload: 'p', isPackaged: false }).devTools).toBe(true);
  });
});

describe('navigation, new windows, webviews', () => {
  it('only app://kb pages may be navigated to or redirected to', () => {
    const contents = fakeWebContents();
    const shell = fakeShell();
    hardenWebContents(contents as unknown as Contents, shell);
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      expect(prevented(contents, event, 'app://kb/index.html#/study'), event).toBe(false);
      for (const url of ['https://evil.example/', 'http://127.0.0.1:8080/', 'file:///etc/passwd', 'app://evil/index.html', 'javascript:alert(1)', 'data:text/html,hi', 'about:blank']) {
        expect(prevented(contents, event, url), `${event} ${url}`).toBe(true);
      }
    }
    expect(shell.opened).toEqual([]);
  });

  it('window.open is always denied and opens nothing outside', () => {
    const contents = fakeWebContents();
    const shell = fakeShell();
    hardenWebContents(contents as unknown as Contents, shell);
    for (const url of ['https://example.com/', APP_START_URL, 'file:///C:/Windows/system32/calc.exe', 'ms-settings:']) {
      expect(contents.openHandler!({ url })).toEqual({ action: 'deny' });
    }
    expect(shell.opened).toEqual([]);
  });

  it('webviews are refused', () => {
    const contents = fakeWebContents();
    hardenWebContents(contents as unknown as Contents, fakeShell());
    let stopped = false;
    contents.emit('will-attach-webview', { preventDefault: () => (stopped = true) }, {}, { src: 'https://evil.example' });
    expect(stopped).toBe(true);
  });

  it('every webContents the app creates is hardened, and renderers are sandboxed app-wide', () => {
    const app = new EventEmitter() as EventEmitter & { sandboxed: boolean; enableSandbox(): void };
    app.sandboxed = false;
    app.enableSandbox = () => {
      app.sandboxed = true;
    };
    hardenApp(app as unknown as Parameters<typeof hardenApp>[0], fakeShell());
    expect(app.sandboxed).toBe(true);
    const contents = fakeWebContents();
    app.emit('web-contents-created', {}, contents);
    expect(prevented(contents, 'will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });
});

describe('permissions and remote requests', () => {
  function hardenedSession() {
    const s: Record<string, unknown> = {};
    const session = {
      setPermissionRequestHandler: (h: unknown) => void (s.request = h),
      setPermissionCheckHandler: (h: unknown) => void (s.check = h),
      setDevicePermissionHandler: (h: unknown) => void (s.device = h),
      webRequest: { onBeforeRequest: (h: unknown) => void (s.beforeRequest = h) },
    };
    hardenSession(session as unknown as Parameters<typeof hardenSession>[0]);
    return s as {
      request: (wc: unknown, permission: string, cb: (granted: boolean) => void, details: unknown) => void;
      check: (wc: unknown, permission: string, origin: string, details: unknown) => boolean;
      device: (details: unknown) => boolean;
      beforeRequest: (details: { url: string }, cb: (r: { cancel?: boolean }) => void) => void;
    };
  }

  it('permission requests and checks are all denied, even for our own origin', () => {
    const s = hardenedSession();
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'hid', 'serial', 'usb', 'unknown']) {
      let answer: boolean | undefined;
      s.request({}, permission, (granted) => (answer = granted), { requestingUrl: APP_START_URL });
      expect(answer, permission).toBe(false);
      expect(s.check({}, permission, 'app://kb', {}), permission).toBe(false);
    }
    expect(s.device({ deviceType: 'usb', origin: 'app://kb' })).toBe(false);
  });

  it('renderers load only from app://kb (plus inline data and DevTools); everything remote is cancelled', () => {
    const s = hardenedSession();
    const cancelled = (url: string) => {
      let response: { cancel?: boolean } | undefined;
      s.beforeRequest({ url }, (r) => (response = r));
      return response?.cancel;
    };
    expect(cancelled('app://kb/index.html')).toBe(false);
    expect(cancelled('app://kb/assets/index.js')).toBe(false);
    expect(cancelled('data:image/png;base64,AAAA')).toBe(false);
    for (const url of ['https://cdn.example.com/x.js', 'http://127.0.0.1:9000/api', 'ws://127.0.0.1:9000/', 'file:///etc/passwd', 'app://evil/x.js', 'ftp://example.com/']) {
      expect(cancelled(url), url).toBe(true);
    }
  });
});

describe('shell.openExternal', () => {
  it('the allowlist is empty by default, so nothing opens', async () => {
    expect(EXTERNAL_URL_ALLOWLIST).toEqual([]);
    const shell = fakeShell();
    for (const url of ['https://example.com/', 'http://example.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://server/share']) {
      expect(await openExternalIfAllowed(shell, url), url).toBe(false);
    }
    expect(shell.opened).toEqual([]);
  });

  it('an allowlisted https origin opens; look-alikes and other schemes do not', async () => {
    const allow = ['https://docs.example.cn'];
    const shell = fakeShell();
    expect(await openExternalIfAllowed(shell, 'https://docs.example.cn/guide', allow)).toBe(true);
    for (const url of ['http://docs.example.cn/guide', 'https://docs.example.cn.evil.com/', 'https://evil.com/?https://docs.example.cn', 'https://user@docs.example.cn/']) {
      expect(isExternalUrlAllowed(url, allow), url).toBe(false);
    }
    expect(shell.opened).toEqual(['https://docs.example.cn/guide']);
  });
});

describe('Content-Security-Policy', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((d) => {
      const [name, ...sources] = d.trim().split(/\s+/);
      return [name, sources] as const;
    }),
  );

  it('has no unsafe-eval, no unsafe-inline and no remote sources', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|unsafe-inline|unsafe-hashes|wasm-unsafe-eval|strict-dynamic/);
    for (const [name, sources] of directives) {
      if (name === 'sandbox') continue; // its values are sandbox flags, checked below
      for (const source of sources) {
        expect(["'self'", "'none'", 'data:'], `${name} ${source}`).toContain(source);
      }
    }
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|wss?:|\*|\/\//);
  });

  it('locks down the defaults', () => {
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    // No allow-popups (window.open returns null), no allow-top-navigation.
    expect(directives.get('sandbox')).toEqual(['allow-scripts', 'allow-same-origin', 'allow-forms', 'allow-modals', 'allow-downloads']);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
  });
});

describe('app:// protocol', () => {
  function rendererFixture() {
    const base = tempDir();
    const root = path.join(base, 'renderer');
    fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>kb</title>');
    fs.writeFileSync(path.join(root, 'assets', 'index.js'), 'console.log(1)');
    fs.writeFileSync(path.join(base, 'secret.txt'), 'SECRET');
    fs.mkdirSync(path.join(base, 'renderer-evil'));
    fs.writeFileSync(path.join(base, 'renderer-evil', 'x.txt'), 'SECRET');
    return root;
  }

  it('is a standard, secure scheme that does not bypass CSP', () => {
    expect(APP_SCHEME_PRIVILEGES.scheme).toBe('app');
    expect(APP_SCHEME_PRIVILEGES.privileges?.standard).toBe(true);
    expect(APP_SCHEME_PRIVILEGES.privileges?.secure).toBe(true);
    expect(APP_SCHEME_PRIVILEGES.privileges?.bypassCSP).toBeFalsy();
    expect(isAppUrl(APP_START_URL)).toBe(true);
  });

  it('serves the renderer with the CSP header and the right types', async () => {
    const handler = createAppProtocolHandler(rendererFixture());
    for (const url of [APP_START_URL, 'app://kb/', 'app://kb/index.html?x=1#/study']) {
      const res = await handler({ url, method: 'GET' });
      expect(res.status, url).toBe(200);
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await res.text()).toContain('<title>kb</title>');
    }
    const js = await handler({ url: 'app://kb/assets/index.js', method: 'GET' });
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(APP_RESPONSE_HEADERS['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
  });

  it('refuses path traversal, foreign hosts and other methods', async () => {
    const root = rendererFixture();
    const handler = createAppProtocolHandler(root);
    const attacks = [
      'app://kb/../secret.txt',
      'app://kb/%2e%2e/secret.txt',
      'app://kb/..%2fsecret.txt',
      'app://kb/assets/..%2f..%2fsecret.txt',
      'app://kb/..%5csecret.txt',
      'app://kb/assets%5c..%5c..%5csecret.txt',
      'app://kb/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      'app://kb/..%2frenderer-evil%2fx.txt',
      'app://kb//etc/passwd',
      'app://kb/C:%5cWindows%5cwin.ini',
      'app://kb/%00index.html',
      'app://kb/%E0%A4%A',
      'app://evil/index.html',
      'app://user:pw@kb/index.html',
      'https://kb/index.html',
      'file:///etc/passwd',
      'not a url',
    ];
    for (const url of attacks) {
      const file = resolveAppFile(root, url);
      if (file !== null) expect(file.startsWith(root + path.sep), url).toBe(true);
      const res = await handler({ url, method: 'GET' });
      expect(res.status, url).not.toBe(200);
      expect(await res.text(), url).not.toContain('SECRET');
    }
    expect((await handler({ url: APP_START_URL, method: 'POST' })).status).toBe(405);
    expect((await handler({ url: 'app://kb/missing.js', method: 'GET' })).status).toBe(404);
    const head = await handler({ url: APP_START_URL, method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});

describe('static checks over the source tree', () => {
  const SOURCE_DIRS = ['electron', 'db', 'renderer', 'tests', 'bench', 'build', 'tools'];
  const SKIP = new Set(['node_modules', 'dist', 'release', 'test-results']);

  function sourceFiles(): string[] {
    const out: string[] = [];
    const walk = (dir: string) => {
      if (!fs.existsSync(dir)) return;
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        if (SKIP.has(entry.name) || entry.name.startsWith('.')) continue;
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.(ts|tsx|mts|cts|js|mjs|cjs|jsx)$/.test(entry.name)) out.push(full);
      }
    };
    for (const dir of SOURCE_DIRS) walk(path.join(ROOT, dir));
    for (const entry of fs.readdirSync(ROOT)) if (/\.(ts|js|mjs|cjs)$/.test(entry)) out.push(path.join(ROOT, entry));
    return out;
  }

  const rel = (file: string) => path.relative(ROOT, file).split(path.sep).join('/');
  const MODULE = `['"]electron(?:/(?:main|renderer|common|utility))?['"]`;
  /** Any import of Electron that survives compilation: everything except `import type … from 'electron'`. */
  function importsElectronValue(source: string): boolean {
    const text = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    const statements = new RegExp(`(?:^|[\\n;])\\s*(import|export)\\s+(type\\s+)?(?:[^'";]*?\\bfrom\\s*)?${MODULE}`, 'g');
    for (const m of text.matchAll(statements)) if (!(m[1] === 'import' && m[2])) return true;
    return new RegExp(`\\b(?:require|import)\\s*\\(\\s*${MODULE}\\s*\\)`).test(text);
  }

  it('the detector tells value imports from type imports', () => {
    const mod = ['elec', 'tron'].join('');
    expect(importsElectronValue(`import { app } from '${mod}';`)).toBe(true);
    expect(importsElectronValue(`import '${mod}';`)).toBe(true);
    expect(importsElectronValue(`import * as e from "${mod}/main";`)).toBe(true);
    expect(importsElectronValue(`const { app } = require('${mod}');`)).toBe(true);
    expect(importsElectronValue(`const e = await import('${mod}');`)).toBe(true);
    expect(importsElectronValue(`export { app } from '${mod}';`)).toBe(true);
    expect(importsElectronValue(`import {\n  app,\n  BrowserWindow,\n} from '${mod}';`)).toBe(true);
    expect(importsElectronValue(`import type { App } from '${mod}';`)).toBe(false);
    expect(importsElectronValue(`import { x } from '../${mod}/shared/contract';`)).toBe(false);
    expect(importsElectronValue(`/** Stands in for require('${mod}'). */\n// import { app } from '${mod}';`)).toBe(false);
  });

  it("no file outside electron/main and electron/preload imports 'electron'", () => {
    const offenders = sourceFiles()
      .filter((f) => !/^electron\/(main|preload)\//.test(rel(f)))
      .filter((f) => importsElectronValue(fs.readFileSync(f, 'utf8')))
      .map(rel);
    expect(offenders).toEqual([]);
  });

  it('the modules tests drive with fakes take Electron as parameters (type imports only)', () => {
    for (const file of ['origin', 'paths', 'protocol', 'security', 'ipc', 'menu'].map((m) => `electron/main/${m}.ts`).concat('electron/preload/buildApi.ts')) {
      expect(importsElectronValue(fs.readFileSync(path.join(ROOT, file), 'utf8')), file).toBe(false);
    }
  });

  it('shell.openExternal is called only by the allowlist gate in security.ts', () => {
    const callers = sourceFiles()
      .filter((f) => !rel(f).startsWith('tests/'))
      .filter((f) => /\.openExternal\s*\(/.test(fs.readFileSync(f, 'utf8')))
      .map(rel);
    expect(callers).toEqual(['electron/main/security.ts']);
  });

  it('only the IPC registry calls ipcMain.handle', () => {
    const callers = sourceFiles()
      .filter((f) => !rel(f).startsWith('tests/'))
      .filter((f) => /\bipcMain\s*\.\s*handle(Once)?\s*\(/.test(fs.readFileSync(f, 'utf8')))
      .map(rel);
    expect(callers).toEqual(['electron/main/ipc.ts']);
  });
});

/**
 * The real bundles (dist/electron/main.cjs and preload.cjs as `npm run build:electron` makes them), run
 * in Node against a stand-in for the `electron` module, since Electron's binary cannot be downloaded here.
 * What is real: the bundling, the start-up wiring, both SQLite files, the router, the app:// handler.
 */
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bundleElectron } from '../../build/electronBundles';
import { callNames } from '../../electron/shared/contract';
import { ipcChannel } from '../../electron/shared/transport';
import { CONTENT_SECURITY_POLICY } from '../../electron/shared/csp';
import { userMigrations } from '../../db/migrations/user';
import type { InvokeListener } from '../../electron/main/ipc';
import type { Result } from '../../electron/shared/errors';
import { tempDir } from '../helpers/app';
import { ROOT, TEST_CONTENT_DB } from '../helpers/paths';

const nodeRequire = createRequire(import.meta.url);
let bundleDir: string;
let scratch: string;

beforeAll(async () => {
  // Two levels below the project, like dist/electron, so the bundle finds package.json and node_modules.
  fs.mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
  scratch = fs.mkdtempSync(path.join(ROOT, 'test-results', 'electron-bundle-'));
  bundleDir = scratch;
  await bundleElectron(ROOT, bundleDir);
});
afterAll(() => {
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

const read = (name: string) => fs.readFileSync(path.join(bundleDir, name), 'utf8');
const requiredModules = (code: string) => new Set([...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]));
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/** A stand-in for the `electron` module that records what main.cjs asks of it. */
function fakeElectron(opts: { userData: string; appPath: string; isPackaged?: boolean; gotLock?: boolean }) {
  let markReady!: () => void;
  const ready = new Promise<void>((r) => (markReady = r));
  const rec = {
    schemes: [] as unknown[],
    protocolHandlers: new Map<string, (req: { url: string; method: string }) => Promise<Response>>(),
    ipc: new Map<string, InvokeListener>(),
    sandboxed: false,
    quits: 0,
    exitCode: undefined as number | undefined,
    errors: [] as { title: string; body: string }[],
    about: undefined as Record<string, string> | undefined,
    menu: undefined as { template: { label?: string; submenu?: { role?: string }[] }[] } | undefined,
    permissionHandlers: 0,
    opened: [] as string[],
  };
  class BrowserWindow extends EventEmitter {
    static instances: BrowserWindow[] = [];
    url = '';
    focused = 0;
    constructor(readonly options: { webPreferences: Record<string, unknown>; show?: boolean }) {
      super();
      BrowserWindow.instances.push(this);
    }
    loadURL(url: string) {
      this.url = url;
      return Promise.resolve();
    }
    isMinimized() {
      return false;
    }
    restore() {}
    focus() {
      this.focused++;
    }
    show() {}
  }
  const app = Object.assign(new EventEmitter(), {
    isPackaged: opts.isPackaged ?? false,
    enableSandbox: () => void (rec.sandboxed = true),
    requestSingleInstanceLock: () => opts.gotLock ?? true,
    quit: () => void rec.quits++,
    exit: (code: number) => void (rec.exitCode = code),
    whenReady: () => ready,
    getPath: (name: string) => {
      if (name !== 'userData') throw new Error(`unexpected getPath(${name})`);
      return opts.userData;
    },
    getAppPath: () => opts.appPath,
    getVersion: () => '0.1.0',
    setAppUserModelId: () => {},
    setAboutPanelOptions: (o: Record<string, string>) => void (rec.about = o),
  });
  const deny = () => void rec.permissionHandlers++;
  const electron = {
    app,
    BrowserWindow,
    protocol: {
      registerSchemesAsPrivileged: (s: unknown[]) => void rec.schemes.push(...s),
      handle: (scheme: string, h: (req: { url: string; method: string }) => Promise<Response>) => void rec.protocolHandlers.set(scheme, h),
    },
    ipcMain: {
      handle: (c: string, l: InvokeListener) => void rec.ipc.set(c, l),
      removeHandler: (c: string) => void rec.ipc.delete(c),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: deny,
        setPermissionCheckHandler: deny,
        setDevicePermissionHandler: deny,
        webRequest: { onBeforeRequest: deny },
      },
    },
    Menu: {
      buildFromTemplate: (template: unknown) => ({ template }),
      setApplicationMenu: (m: typeof rec.menu) => void (rec.menu = m),
    },
    dialog: { showErrorBox: (title: string, body: string) => void rec.errors.push({ title, body }) },
    shell: { openExternal: async (url: string) => void rec.opened.push(url) },
  };
  return { electron, rec, app, BrowserWindow, markReady };
}

/** Loads a fresh copy of main.cjs, whose Electron import is answered by the stand-in. */
function loadMain(fake: ReturnType<typeof fakeElectron>): void {
  const mainFile = path.join(bundleDir, 'main.cjs');
  const electronPath = createRequire(mainFile).resolve('electron');
  nodeRequire.cache[electronPath] = { id: electronPath, filename: electronPath, loaded: true, exports: fake.electron } as unknown as NodeJS.Module;
  delete nodeRequire.cache[mainFile];
  try {
    nodeRequire(mainFile);
  } finally {
    delete nodeRequire.cache[electronPath];
  }
}

/** An installed-app layout: the bundles' siblings (renderer) under appPath, content.db where asked. */
function appFolder(opts: { withContent: boolean }) {
  const appPath = tempDir('kb-apppath-');
  fs.mkdirSync(path.join(appPath, 'dist', 'renderer'), { recursive: true });
  fs.writeFileSync(path.join(appPath, 'dist', 'renderer', 'index.html'), '<!doctype html><title>kb shell</title>');
  if (opts.withContent) {
    fs.mkdirSync(path.join(appPath, 'dist', 'content'), { recursive: true });
    fs.copyFileSync(TEST_CONTENT_DB, path.join(appPath, 'dist', 'content', 'content.db'));
  }
  return appPath;
}

const trusted = () => {
  const frame = { url: 'app://kb/index.html', parent: null };
  return { senderFrame: frame, sender: { mainFrame: frame } };
};

describe('bundles', () => {
  it('preload.cjs loads only electron and carries every call name; main.cjs loads only electron, better-sqlite3 and Node', () => {
    expect([...requiredModules(read('preload.cjs'))]).toEqual(['electron']);
    const mainRequires = [...requiredModules(read('main.cjs'))].filter((m) => !builtins.has(m));
    expect(mainRequires.sort()).toEqual(['better-sqlite3', 'electron']);
    const preload = read('preload.cjs');
    for (const name of callNames) expect(preload, name).toContain(JSON.stringify(name));
    expect(preload.length).toBeLessThan(50_000); // no zod schemas in the renderer's preload
  });

  it('main.cjs carries the user.db migrations', () => {
    const main = read('main.cjs');
    for (const m of userMigrations) expect(main, m.name).toContain(m.name);
  });

  it('preload.cjs exposes exactly the contract as window.kb, forwarding on per-call channels', async () => {
    const exposed: Record<string, unknown> = {};
    const invoked: unknown[][] = [];
    const fakeRequire = (id: string) => {
      if (id !== 'electron') throw new Error(`preload required ${id}`);
      return {
        contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void (exposed[key] = api) },
        ipcRenderer: { invoke: async (...args: unknown[]) => (invoked.push(args), { ok: true, value: 'pong' }) },
      };
    };
    const module = { exports: {} };
    new Function('require', 'module', 'exports', read('preload.cjs'))(fakeRequire, module, module.exports);
    expect(Object.keys(exposed)).toEqual(['kb']);
    const kb = exposed.kb as Record<string, (input: unknown, session?: string) => Promise<unknown>>;
    expect(Object.keys(kb).sort()).toEqual([...callNames].sort());
    expect(await kb['system.info']({}, 'tok')).toEqual({ ok: true, value: 'pong' });
    expect(invoked).toEqual([[ipcChannel('system.info'), { input: {}, session: 'tok' }]]);
  });
});

describe('main.cjs start-up against a stand-in Electron', () => {
  it('opens both databases in userData, serves app://, registers every call and opens one secure window', async () => {
    const userData = tempDir('kb-userdata-');
    const appPath = appFolder({ withContent: true });
    const fake = fakeElectron({ userData, appPath });
    loadMain(fake);
    // Before ready: the privileged scheme and the sandbox.
    expect(fake.rec.schemes).toEqual([expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) })]);
    expect(fake.rec.sandboxed).toBe(true);
    expect(fake.BrowserWindow.instances).toHaveLength(0);

    fake.markReady();
    await vi.waitFor(() => expect(fake.BrowserWindow.instances).toHaveLength(1));
    const win = fake.BrowserWindow.instances[0];
    expect(win.url).toBe('app://kb/index.html');
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false, devTools: true });
    expect(win.options.webPreferences.preload).toBe(path.join(appPath, 'dist', 'electron', 'preload.cjs'));
    expect(fake.rec.permissionHandlers).toBe(4);
    expect(fake.rec.about?.applicationVersion).toBe('0.1.0');

    expect(fs.existsSync(path.join(userData, 'user.db'))).toBe(true);
    expect(fs.existsSync(path.join(userData, 'content.db'))).toBe(true);

    const page = await fake.rec.protocolHandlers.get('app')!({ url: 'app://kb/index.html', method: 'GET' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await page.text()).toContain('kb shell');

    expect([...fake.rec.ipc.keys()].sort()).toEqual(callNames.map(ipcChannel).sort());
    const chapters = (await fake.rec.ipc.get(ipcChannel('content.listChapters'))!(trusted(), { input: {} })) as Result<unknown[]>;
    expect(chapters.ok && chapters.value.length).toBeGreaterThan(0);
    const evil = { url: 'https://evil.example/', parent: null };
    const refused = (await fake.rec.ipc.get(ipcChannel('system.info'))!({ senderFrame: evil, sender: { mainFrame: evil } }, { input: {} })) as Result<unknown>;
    expect(!refused.ok && refused.error.code).toBe('forbidden');

    // Every later webContents is hardened too.
    const contents = Object.assign(new EventEmitter(), { setWindowOpenHandler: () => {} });
    fake.app.emit('web-contents-created', {}, contents);
    let stopped = false;
    contents.emit('will-navigate', { url: 'https://evil.example/', preventDefault: () => (stopped = true) });
    expect(stopped).toBe(true);

    fake.app.emit('second-instance');
    expect(win.focused).toBe(1);
    fake.app.emit('window-all-closed');
    expect(fake.rec.quits).toBe(1);

    // Quitting unregisters IPC and closes user.db (its "running" marker goes away).
    fake.app.emit('will-quit');
    expect(fake.rec.ipc.size).toBe(0);
    expect(fs.readdirSync(path.join(userData, 'running'))).toEqual([]);
    expect(fake.rec.errors).toEqual([]);
  });

  it('packaged: reads content.db from resources/, DevTools off, no reload or DevTools in the menu', async () => {
    const userData = tempDir('kb-userdata-');
    const appPath = appFolder({ withContent: false });
    const resources = tempDir('kb-resources-');
    fs.mkdirSync(path.join(resources, 'content'));
    fs.copyFileSync(TEST_CONTENT_DB, path.join(resources, 'content', 'content.db'));
    const proc = process as NodeJS.Process & { resourcesPath?: string };
    const before = proc.resourcesPath;
    proc.resourcesPath = resources;
    try {
      const fake = fakeElectron({ userData, appPath, isPackaged: true });
      loadMain(fake);
      fake.markReady();
      await vi.waitFor(() => expect(fake.BrowserWindow.instances).toHaveLength(1));
      expect(fake.BrowserWindow.instances[0].options.webPreferences.devTools).toBe(false);
      expect(fs.existsSync(path.join(userData, 'content.db'))).toBe(true);
      const roles = fake.rec.menu!.template.flatMap((m) => (m.submenu ?? []).map((i) => i.role));
      expect(roles).toContain('about');
      expect(roles).not.toContain('toggleDevTools');
      expect(roles).not.toContain('reload');
      fake.app.emit('will-quit');
    } finally {
      proc.resourcesPath = before;
    }
  });

  it('a second copy does not start: it quits before touching the databases', async () => {
    const userData = tempDir('kb-userdata-');
    const fake = fakeElectron({ userData, appPath: appFolder({ withContent: true }), gotLock: false });
    loadMain(fake);
    fake.markReady();
    await new Promise((r) => setTimeout(r, 50));
    expect(fake.rec.quits).toBe(1);
    expect(fake.BrowserWindow.instances).toHaveLength(0);
    expect(fake.rec.ipc.size).toBe(0);
    expect(fs.existsSync(path.join(userData, 'user.db'))).toBe(false);
  });

  it('a start-up failure is explained in Chinese and English and exits non-zero without a window', async () => {
    const userData = tempDir('kb-userdata-');
    const fake = fakeElectron({ userData, appPath: appFolder({ withContent: false }) });
    loadMain(fake);
    fake.markReady();
    await vi.waitFor(() => expect(fake.rec.exitCode).toBe(2));
    expect(fake.rec.errors).toHaveLength(1);
    expect(fake.rec.errors[0].body).toMatch(/课程数据/);
    expect(fake.rec.errors[0].body).toMatch(/Course data/);
    expect(fake.BrowserWindow.instances).toHaveLength(0);
    expect(fake.rec.ipc.size).toBe(0);
  });
});

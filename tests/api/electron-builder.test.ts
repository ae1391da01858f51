/**
 * The installer configuration (build/electron-builder.yml): validated by electron-builder's own schema,
 * checked against what issue 8 asks, and packaged for real (Linux `dir` target) with a stand-in Electron
 * distribution, since Electron's binary cannot be downloaded here.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import type { Configuration } from 'electron-builder';
import { bundleElectron } from '../../build/electronBundles';
import { APP_ID, PACKAGED_CONTENT_DB } from '../../electron/main/paths';
import { PRODUCT_NAME } from '../../electron/services/paths';
import { ROOT } from '../helpers/paths';

const CONFIG_FILE = path.join(ROOT, 'build', 'electron-builder.yml');
const config = YAML.parse(fs.readFileSync(CONFIG_FILE, 'utf8')) as Configuration;
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  main: string;
  productName: string;
  scripts: Record<string, string>;
};

type TargetList = { target: string; arch?: string[] }[];
const targetsOf = (t: unknown) => (t as TargetList).map((x) => x.target);

describe('build/electron-builder.yml', () => {
  it("passes electron-builder's own schema validation", async () => {
    const builderRequire = createRequire(createRequire(import.meta.url).resolve('electron-builder'));
    const { validateConfiguration } = builderRequire('app-builder-lib/out/util/config/config') as {
      validateConfiguration(c: Configuration, logger: { isEnabled: boolean; add(): void }): Promise<void>;
    };
    await expect(validateConfiguration(config, { isEnabled: false, add: () => {} })).resolves.toBeUndefined();
    // …and the validator does refuse a bad key, so the pass above means something.
    await expect(validateConfiguration({ ...config, nsis: { ...config.nsis, perMachineee: true } as never }, { isEnabled: false, add: () => {} })).rejects.toThrow();
  });

  it('names the app as the code does', () => {
    expect(config.appId).toBe(APP_ID);
    expect(config.productName).toBe('客服岗位技能认证');
    expect(config.productName).toBe(PRODUCT_NAME);
    expect(pkg.productName).toBe(PRODUCT_NAME);
    expect(pkg.main).toBe('dist/electron/main.cjs');
  });

  it('Windows: per-machine NSIS installer in Chinese that keeps user data, plus a portable build', () => {
    expect(targetsOf(config.win!.target)).toEqual(['nsis', 'portable']);
    const nsis = config.nsis!;
    expect(nsis.oneClick).toBe(false);
    expect(nsis.perMachine).toBe(true);
    expect(nsis.installerLanguages).toContain('zh_CN');
    expect(nsis.language).toBe('2052');
    expect(nsis.deleteAppDataOnUninstall).toBe(false);
    expect(nsis.artifactName).not.toBe(config.portable!.artifactName);
  });

  it('Linux: AppImage and deb', () => {
    expect(targetsOf(config.linux!.target)).toEqual(['AppImage', 'deb']);
    expect(config.linux!.maintainer).toBeTruthy();
  });

  it('ships the bundles, the renderer and content.db; unpacks better-sqlite3', () => {
    const files = config.files as string[];
    for (const f of ['package.json', 'dist/electron/main.cjs', 'dist/electron/preload.cjs', 'dist/renderer/**/*']) expect(files).toContain(f);
    expect(files).toContain('node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    const packagedDir = path.dirname(PACKAGED_CONTENT_DB).split(path.sep).join('/');
    expect(config.extraResources).toEqual([
      { from: 'dist/content/content.db', to: PACKAGED_CONTENT_DB.split(path.sep).join('/') },
      { from: 'dist/content/builtin.kbpack', to: `${packagedDir}/builtin.kbpack` },
    ]);
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**/*');
  });

  it('never rebuilds native modules itself, and npm install never rebuilds for Electron', () => {
    expect(config.npmRebuild).toBe(false);
    expect(config.nodeGypRebuild).toBe(false);
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) {
      expect(pkg.scripts[hook] ?? '', hook).not.toMatch(/install-app-deps|electron-rebuild|@electron\/rebuild|electron-builder/);
    }
    expect(pkg.scripts.dist).toMatch(/npm run build && npm run build:electron && tsx build\/dist\.ts/);
    const dist = fs.readFileSync(path.join(ROOT, 'build', 'dist.ts'), 'utf8');
    expect(dist).toContain("'install-app-deps'");
    expect(dist).toContain("'build/electron-builder.yml'");
    expect(dist).toMatch(/finally\s*\{\s*fs\.copyFileSync\(backup, nativeBinary\)/);
    expect(pkg.scripts.build).not.toMatch(/electron/);
    // The tests may audit the Electron sources (audit:electron) but never start, rebuild for or package Electron.
    expect(pkg.scripts.test).not.toMatch(/build:electron|electron \.|electron-builder|npm run dist\b/);
  });

  it('sets the fuses at packaging time', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('has a 512×512 PNG icon', () => {
    const icon = fs.readFileSync(path.join(ROOT, String(config.icon)));
    expect(icon.subarray(1, 4).toString()).toBe('PNG');
    expect(icon.readUInt32BE(16)).toBe(512);
    expect(icon.readUInt32BE(20)).toBe(512);
  });
});

describe('packaging with a stand-in Electron (linux dir target)', () => {
  let work: string | undefined;
  let out: string;
  let asarFiles: string[];
  afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  beforeAll(async () => {
    for (const need of ['dist/renderer/index.html', 'dist/content/content.db']) {
      if (!fs.existsSync(path.join(ROOT, need))) throw new Error(`${need} is missing: run npm run build first (npm test does).`);
    }
    await bundleElectron(ROOT);
    // Not tempDir(): that one is emptied after every test, and this package serves the whole block.
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-pack-'));
    // Just enough of an unpacked Electron for electron-builder's copy, rename and locale steps.
    const electronDist = path.join(work, 'electron-dist');
    fs.mkdirSync(path.join(electronDist, 'locales'), { recursive: true });
    fs.writeFileSync(path.join(electronDist, 'electron'), '#!/bin/sh\n', { mode: 0o755 });
    for (const l of ['zh-CN', 'en-US', 'de', 'ja']) fs.writeFileSync(path.join(electronDist, 'locales', `${l}.pak`), '');
    out = path.join(work, 'out');
    // The real config, except: the stand-in binary carries no fuse sentinel to flip, and output goes to a temp folder.
    const { electronFuses: _fuses, ...rest } = config;
    const testConfig = { ...rest, electronDist, directories: { ...config.directories, output: out } };
    const configFile = path.join(work, 'builder.json');
    fs.writeFileSync(configFile, JSON.stringify(testConfig));
    const cli = createRequire(import.meta.url).resolve('electron-builder/cli.js');
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn(process.execPath, [cli, '--projectDir', ROOT, '--config', configFile, '--linux', 'dir', '--publish', 'never'], { cwd: ROOT });
      let text = '';
      child.stdout.on('data', (d) => (text += d));
      child.stderr.on('data', (d) => (text += d));
      child.on('close', (c) => resolve({ code: c, output: text }));
    });
    if (code !== 0) throw new Error(`electron-builder failed (${code}):\n${output.slice(-4000)}`);
    const asar = createRequire(createRequire(import.meta.url).resolve('electron-builder'))('@electron/asar') as { listPackage(p: string): string[] };
    asarFiles = asar.listPackage(path.join(out, 'linux-unpacked', 'resources', 'app.asar')).map((f) => f.split(path.sep).join('/'));
  }, 180_000);

  it('app.asar holds the bundles, the renderer and package.json, and no source or dev dependencies', () => {
    for (const f of ['/package.json', '/dist/electron/main.cjs', '/dist/electron/preload.cjs', '/dist/renderer/index.html']) expect(asarFiles).toContain(f);
    expect(asarFiles.some((f) => /^\/dist\/renderer\/assets\/.+\.js$/.test(f))).toBe(true);
    const topLevel = new Set(asarFiles.map((f) => f.split('/')[1]));
    expect([...topLevel].sort()).toEqual(['dist', 'node_modules', 'package.json']);
    const modules = new Set(asarFiles.filter((f) => f.startsWith('/node_modules/')).map((f) => f.split('/')[2]));
    expect([...modules].sort()).toEqual(['better-sqlite3', 'bindings', 'file-uri-to-path']);
  });

  it('content.db sits in resources/content, where the main process looks for it', () => {
    const shipped = path.join(out, 'linux-unpacked', 'resources', PACKAGED_CONTENT_DB);
    expect(fs.statSync(shipped).size).toBe(fs.statSync(path.join(ROOT, 'dist', 'content', 'content.db')).size);
  });

  it('the native SQLite binding is unpacked from asar, with the JavaScript that loads it', () => {
    const unpacked = path.join(out, 'linux-unpacked', 'resources', 'app.asar.unpacked', 'node_modules', 'better-sqlite3');
    expect(fs.existsSync(path.join(unpacked, 'build', 'Release', 'better_sqlite3.node'))).toBe(true);
    expect(fs.existsSync(path.join(unpacked, 'lib', 'index.js'))).toBe(true);
  });

  it('the executable has the ASCII name and only the two UI languages ship', () => {
    const dir = path.join(out, 'linux-unpacked');
    expect(fs.existsSync(path.join(dir, 'kefu-cert'))).toBe(true);
    expect(fs.readdirSync(path.join(dir, 'locales')).sort()).toEqual(['en-US.pak', 'zh-CN.pak']);
  });
});

/**
 * npm run dist [-- <electron-builder options>] — packages the app for the OS this runs on.
 * `npm run dist` has already built dist/ (content.db, renderer, Electron bundles). Here:
 *   1. keep the Node build of better-sqlite3 (the tests and the CLI need it);
 *   2. rebuild it for Electron (`electron-builder install-app-deps`, which downloads Electron's headers);
 *   3. package with build/electron-builder.yml (which downloads Electron itself the first time);
 *   4. put the Node build back, whatever happened.
 * Nothing here runs during `npm install`.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const root = path.resolve(import.meta.dirname, '..');
const requireFromRoot = createRequire(path.join(root, 'package.json'));
const builderCli = requireFromRoot.resolve('electron-builder/cli.js');
const BUILDER_CONFIG = 'build/electron-builder.yml';

const nativeBinary = path.join(path.dirname(requireFromRoot.resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');

function run(args: string[]): void {
  console.log(`> electron-builder ${args.join(' ')}`);
  const r = spawnSync(process.execPath, [builderCli, ...args], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`electron-builder ${args[0]} failed (exit ${r.status ?? r.signal})`);
}

function nodeBuildWorks(): boolean {
  const probe = "const D=require('better-sqlite3');new D(':memory:').prepare('select 1').get()";
  return spawnSync(process.execPath, ['-e', probe], { cwd: root, stdio: 'ignore' }).status === 0;
}

function main(extraArgs: string[]): number {
  for (const need of ['dist/electron/main.cjs', 'dist/electron/preload.cjs', 'dist/renderer/index.html', 'dist/content/content.db']) {
    if (!fs.existsSync(path.join(root, need))) {
      console.error(`缺少 ${need}：请用 npm run dist 运行。\nMissing ${need}: run this through npm run dist.`);
      return 2;
    }
  }
  const backup = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kb-dist-')), 'better_sqlite3.node');
  fs.copyFileSync(nativeBinary, backup);
  try {
    run(['install-app-deps']);
    run(['--config', BUILDER_CONFIG, '--publish', 'never', ...extraArgs]);
    console.log('安装包已生成 / packages written to release/');
    return 0;
  } catch (e) {
    console.error(`打包失败 / packaging failed: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  } finally {
    fs.copyFileSync(backup, nativeBinary);
    fs.rmSync(path.dirname(backup), { recursive: true, force: true });
    if (!nodeBuildWorks()) {
      console.error('警告：better-sqlite3 的 Node 版本未能恢复，请运行 npm rebuild better-sqlite3。\nWarning: the Node build of better-sqlite3 was not restored; run npm rebuild better-sqlite3.');
    }
  }
}

process.exitCode = main(process.argv.slice(2));

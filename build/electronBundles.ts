import path from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { callNames } from '../electron/shared/contract';

/** Loaded at run time, never bundled: Electron itself and the native SQLite module (unpacked from asar). */
export const ELECTRON_EXTERNALS = ['electron', 'better-sqlite3'];

/**
 * esbuild options for dist/electron/main.cjs and preload.cjs. CommonJS because the sandboxed preload
 * can only `require`; the main side follows suit. Electron 45 runs Node ≥ 22 and Chromium ≥ 140.
 */
export function electronBundleOptions(projectRoot: string, outDir: string): { main: BuildOptions; preload: BuildOptions } {
  const common: BuildOptions = {
    absWorkingDir: projectRoot,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ELECTRON_EXTERNALS,
    legalComments: 'none',
    logLevel: 'warning',
    charset: 'utf8',
  };
  return {
    main: {
      ...common,
      entryPoints: ['electron/main/main.ts'],
      outfile: path.join(outDir, 'main.cjs'),
      target: 'node22',
      // Services written as ES modules read import.meta.url (e.g. to find package.json); give CJS the same.
      define: { 'import.meta.url': '__kbImportMetaUrl' },
      banner: { js: "const __kbImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    },
    preload: {
      ...common,
      entryPoints: ['electron/preload/preload.ts'],
      outfile: path.join(outDir, 'preload.cjs'),
      target: ['node22', 'chrome140'],
      define: { __KB_CALL_NAMES__: JSON.stringify(callNames) },
    },
  };
}

export async function bundleElectron(projectRoot: string, outDir = path.join(projectRoot, 'dist', 'electron')): Promise<void> {
  const { main, preload } = electronBundleOptions(projectRoot, outDir);
  await Promise.all([build(main), build(preload)]);
}

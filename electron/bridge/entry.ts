import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../shared/errors';
import { defaultDataDir } from '../services/paths';

/** The project folder (this file lives in electron/bridge/). */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BUNDLED_CONTENT_DB = path.join(PROJECT_ROOT, 'dist', 'content', 'content.db');
export const RENDERER_DIR = path.join(PROJECT_ROOT, 'dist', 'renderer');

/** Reads `--name value` (or `--name=value`) from argv. */
export function option(argv: string[], name: string): string | undefined {
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  return argv[i].includes('=') ? argv[i].slice(argv[i].indexOf('=') + 1) : argv[i + 1];
}

export function dataDirFrom(argv: string[]): string {
  return path.resolve(option(argv, 'data-dir') ?? process.env.KB_DATA_DIR ?? defaultDataDir());
}

/** Prints an error for a person (both languages) and returns the exit code to use. */
export function reportFatal(e: unknown): number {
  if (e instanceof AppError) {
    const m = e.toBody().message;
    console.error(`错误：${m['zh-CN']}\nError: ${m.en}`);
    return 2;
  }
  console.error(`错误：程序意外停止。\nError: unexpected failure.\n${e instanceof Error ? e.stack : String(e)}`);
  return 1;
}

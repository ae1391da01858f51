import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { openApp, type App, type AppOptions } from '../../electron/services/app';
import { createGateway, type Gateway } from '../../electron/api/gateway';
import type { Caller } from '../../electron/api/registry';
import type { CallInput, CallName, CallOutput } from '../../electron/shared/contract';
import { TEST_CONTENT_DB } from './paths';
import { nodePdfRenderer } from '../../electron/services/records/pdfRenderer';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

/** A fresh temporary folder, removed after the test. */
export function tempDir(prefix = 'kb-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Opens the real app (real SQLite files) on a fresh data folder; closed after the test. */
export async function openTestApp(opts: Partial<AppOptions> = {}): Promise<App> {
  const app = await openApp({ dataDir: opts.dataDir ?? tempDir(), bundledContentDb: TEST_CONTENT_DB, pdf: nodePdfRenderer(), ...opts });
  cleanups.push(() => app.close());
  return app;
}

export interface TestApi {
  app: App;
  gateway: Gateway;
  /** Calls through the router as `caller` (default: anonymous via the gateway) and unwraps the value. */
  call<N extends CallName>(name: N, input: CallInput<N>, session?: string): Promise<CallOutput<N>>;
  callAs<N extends CallName>(caller: Caller, name: N, input: CallInput<N>): Promise<CallOutput<N>>;
}

export async function openTestApi(opts: Partial<AppOptions> = {}): Promise<TestApi> {
  const app = await openTestApp(opts);
  const gateway = createGateway(app);
  const unwrap = <T>(r: { ok: true; value: unknown } | { ok: false; error: { code: string; message: { en: string } } }): T => {
    if (!r.ok) throw Object.assign(new Error(`${r.error.code}: ${r.error.message.en}`), { code: r.error.code });
    return r.value as T;
  };
  return {
    app,
    gateway,
    call: async (name, input, session) => unwrap(await gateway.call(name, input, session)),
    callAs: async (caller, name, input) => unwrap(await gateway.callAs(caller, name, input)),
  };
}

/**
 * Sandboxed preload (bundled to dist/electron/preload.cjs): exposes the contract's calls as `window.kb`
 * and nothing else.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { CallName } from '../shared/contract';
import { buildApi } from './buildApi';

/**
 * The contract's call names, written in by the bundler (build/electronBundles.ts) from `callNames`, so the
 * preload stays a few kilobytes instead of carrying every zod schema into each renderer.
 */
declare const __KB_CALL_NAMES__: readonly CallName[];

contextBridge.exposeInMainWorld(
  'kb',
  buildApi(__KB_CALL_NAMES__, (channel, envelope) => ipcRenderer.invoke(channel, envelope)),
);

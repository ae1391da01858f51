/**
 * Exam lockdown of the desktop window. While a certification attempt is running on this PC the window
 * is in kiosk mode (full screen, on top), cannot be closed, reloaded or printed, DevTools and the
 * context menu are refused and copy/cut/paste shortcuts are swallowed. It unlocks when the attempt ends
 * (submitted, timed out, collected) or when a proctor enters their password on the exam screen
 * (`exam.unlockKiosk`, audited).
 *
 * What this cannot do — see docs/exam-lockdown.md: Ctrl+Alt+Del, Win+L, Alt+Tab on some systems and
 * power buttons belong to the operating system; the browser/bridge mode (npm run web) has no lockdown.
 * Only type-checked here: Electron's binary cannot be downloaded on the build machines.
 */
import type { BrowserWindow, Event as ElectronEvent, Input } from 'electron';
import { examEvents, type ExamEvent } from '../services/examLifecycle';

/** The part of a keyboard event the decision needs (Electron's `Input`). */
export type KeyInput = Pick<Input, 'type' | 'key' | 'code' | 'control' | 'meta' | 'alt' | 'shift'>;

const FUNCTION_KEYS = new Set(['F5', 'F11', 'F12']);
/** With Ctrl (or ⌘): reload, close, print, save, open, new window, find, view source, select all, copy, cut, paste. */
const CTRL_KEYS = new Set(['r', 'w', 'p', 's', 'o', 'n', 't', 'f', 'u', 'a', 'c', 'x', 'v', 'f4']);
/** With Ctrl+Shift (or ⌘+⌥): DevTools, inspector, console. */
const DEVTOOLS_KEYS = new Set(['i', 'j', 'c', 'k']);

/** Whether a key press is swallowed during an attempt. Plain typing, Tab, arrows and zoom stay usable. */
export function isBlockedShortcut(input: KeyInput): boolean {
  if (input.type !== 'keyDown' && input.type !== 'rawKeyDown') return false;
  const key = input.key.toLowerCase();
  if (FUNCTION_KEYS.has(input.key)) return true;
  if (input.alt && key === 'f4') return true;
  if (input.key === 'ContextMenu' || (input.shift && input.key === 'F10')) return true;
  const mod = input.control || input.meta;
  if (!mod) return false;
  if ((input.shift || input.alt) && DEVTOOLS_KEYS.has(key)) return true;
  if (input.shift && key === 'r') return true;
  return CTRL_KEYS.has(key);
}

export interface KioskState {
  locked: boolean;
}

/**
 * Ties the window to the exam service's events. Returns a function that detaches everything.
 * `allowQuit` is set when a proctor unlocks, so the app can be closed afterwards.
 */
export function attachExamKiosk(win: BrowserWindow): { state: KioskState; detach: () => void } {
  const state: KioskState = { locked: false };
  const contents = () => win.webContents;
  const onInput = (event: ElectronEvent, input: Input) => {
    if (isBlockedShortcut(input)) event.preventDefault();
  };
  const onContextMenu = (event: ElectronEvent) => event.preventDefault();
  const onDevTools = () => contents().closeDevTools();
  const onClose = (event: ElectronEvent) => {
    if (state.locked) event.preventDefault();
  };

  const lock = () => {
    if (state.locked || win.isDestroyed()) return;
    state.locked = true;
    win.setKiosk(true);
    win.setAlwaysOnTop(true, 'screen-saver');
    win.setClosable(false);
    win.setMinimizable(false);
    contents().on('before-input-event', onInput);
    contents().on('context-menu', onContextMenu);
    contents().on('devtools-opened', onDevTools);
    contents().closeDevTools();
    win.focus();
  };

  const unlock = () => {
    if (!state.locked || win.isDestroyed()) return;
    state.locked = false;
    contents().off('before-input-event', onInput);
    contents().off('context-menu', onContextMenu);
    contents().off('devtools-opened', onDevTools);
    win.setAlwaysOnTop(false);
    win.setClosable(true);
    win.setMinimizable(true);
    win.setKiosk(false);
  };

  const onExam = (e: ExamEvent) => {
    if (e.type === 'attempt-active') lock();
    else unlock(); // the attempt ended, or a proctor unlocked the PC with their password
  };

  win.on('close', onClose);
  examEvents.on('exam', onExam);
  return {
    state,
    detach: () => {
      examEvents.off('exam', onExam);
      win.off('close', onClose);
    },
  };
}

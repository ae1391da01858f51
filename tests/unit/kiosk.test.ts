/**
 * The exam kiosk's decisions, without Electron: which keys are swallowed during an attempt, and that the
 * window locks when an attempt becomes active and unlocks when it ends or a proctor unlocks it. The
 * window is a stand-in recording the calls (Electron's binary cannot run here); real kiosk behaviour is
 * only type-checked — see docs/exam-lockdown.md.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { attachExamKiosk, isBlockedShortcut, type KeyInput } from '../../electron/main/kiosk';
import { examEvents } from '../../electron/services/examLifecycle';

const key = (k: string, mods: Partial<KeyInput> = {}): KeyInput => ({ type: 'keyDown', key: k, code: k, control: false, meta: false, alt: false, shift: false, ...mods });

describe('exam kiosk', () => {
  it('swallows reload, close, print, DevTools, view source and clipboard shortcuts, not typing', () => {
    for (const k of [
      key('F5'),
      key('F12'),
      key('F11'),
      key('r', { control: true }),
      key('R', { control: true, shift: true }),
      key('w', { control: true }),
      key('F4', { alt: true }),
      key('p', { control: true }),
      key('p', { meta: true }),
      key('I', { control: true, shift: true }),
      key('i', { meta: true, alt: true }),
      key('J', { control: true, shift: true }),
      key('u', { control: true }),
      key('c', { control: true }),
      key('v', { control: true }),
      key('x', { meta: true }),
      key('ContextMenu'),
    ]) {
      expect(isBlockedShortcut(k), JSON.stringify(k)).toBe(true);
    }
    for (const k of [key('a'), key('A', { shift: true }), key('Tab'), key('ArrowDown'), key('Enter'), key('Backspace'), key('=', { control: true }), key('-', { control: true }), key('F5', { type: 'keyUp' })]) {
      expect(isBlockedShortcut(k), JSON.stringify(k)).toBe(false);
    }
  });

  it('locks the window while an attempt is active and unlocks when it ends or a proctor unlocks it', () => {
    const calls: string[] = [];
    const contents = Object.assign(new EventEmitter(), { closeDevTools: () => calls.push('closeDevTools') });
    const win = Object.assign(new EventEmitter(), {
      webContents: contents,
      isDestroyed: () => false,
      setKiosk: (on: boolean) => calls.push(`kiosk:${on}`),
      setAlwaysOnTop: (on: boolean) => calls.push(`top:${on}`),
      setClosable: (on: boolean) => calls.push(`closable:${on}`),
      setMinimizable: (on: boolean) => calls.push(`minimizable:${on}`),
      focus: () => calls.push('focus'),
    });
    const { state, detach } = attachExamKiosk(win as unknown as Parameters<typeof attachExamKiosk>[0]);
    const closing = () => {
      let prevented = false;
      win.emit('close', { preventDefault: () => (prevented = true) });
      return prevented;
    };
    const press = (input: KeyInput) => {
      let prevented = false;
      contents.emit('before-input-event', { preventDefault: () => (prevented = true) }, input);
      return prevented;
    };
    try {
      expect(closing()).toBe(false);
      examEvents.emit('exam', { type: 'attempt-active', attemptId: 1 });
      expect(state.locked).toBe(true);
      expect(calls).toEqual(expect.arrayContaining(['kiosk:true', 'top:true', 'closable:false']));
      expect(closing()).toBe(true);
      expect(press(key('r', { control: true }))).toBe(true);
      expect(press(key('a'))).toBe(false);
      examEvents.emit('exam', { type: 'kiosk-unlock', attemptId: 1 });
      expect(state.locked).toBe(false);
      expect(calls.at(-1)).toBe('kiosk:false');
      expect(closing()).toBe(false);
      expect(press(key('r', { control: true }))).toBe(false);
      examEvents.emit('exam', { type: 'attempt-active', attemptId: 2 });
      examEvents.emit('exam', { type: 'attempt-ended', attemptId: 2 });
      expect(state.locked).toBe(false);
    } finally {
      detach();
    }
    examEvents.emit('exam', { type: 'attempt-active', attemptId: 3 });
    expect(state.locked).toBe(false);
  });
});

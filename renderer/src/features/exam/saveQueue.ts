import type { ResponseValue } from '../../../../electron/shared/practiceTypes';
import { ApiError, call } from '../../api/client';

export type ItemSave = 'pending' | 'saving' | 'saved' | 'retrying' | { error: ApiError };

type Change = { kind: 'answer'; value: ResponseValue | null } | { kind: 'flag'; flagged: boolean };

const RETRY_MS = 2000;

/**
 * Sends answer and flag changes one at a time, in order, keeping only the newest change per question
 * and kind. A question is "saved" only when the server has acknowledged its newest change; a lost
 * connection is retried, a refusal (submitted, expired, signed out) is handed to `onRefused`.
 */
export class SaveQueue {
  private readonly waiting = new Map<string, { no: number; change: Change }>();
  private running = false;
  private idle: (() => void)[] = [];
  private stopped = false;

  constructor(
    private readonly onStatus: (no: number, s: ItemSave) => void,
    private readonly onRefused: (e: ApiError) => void,
  ) {}

  answer(no: number, value: ResponseValue | null) {
    this.push(no, { kind: 'answer', value });
  }

  flag(no: number, flagged: boolean) {
    this.push(no, { kind: 'flag', flagged });
  }

  /** Resolves when everything queued so far has been acknowledged (or refused). */
  flush(): Promise<void> {
    if (!this.running && this.waiting.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  stop() {
    this.stopped = true;
    this.waiting.clear();
    this.idle.splice(0).forEach((r) => r());
  }

  private push(no: number, change: Change) {
    if (this.stopped) return;
    this.waiting.set(`${change.kind}:${no}`, { no, change });
    this.onStatus(no, 'pending');
    void this.run();
  }

  private async run() {
    if (this.running) return;
    this.running = true;
    try {
      while (this.waiting.size && !this.stopped) {
        const [key, { no, change }] = this.waiting.entries().next().value!;
        this.waiting.delete(key);
        this.onStatus(no, 'saving');
        try {
          if (change.kind === 'answer') await call('exam.saveAnswer', { no, response: change.value });
          else await call('exam.setFlag', { no, flagged: change.flagged });
          if (![...this.waiting.values()].some((w) => w.no === no)) this.onStatus(no, 'saved');
        } catch (e) {
          const err = e instanceof ApiError ? e : new ApiError({ code: 'internal', message: { 'zh-CN': String(e), en: String(e) } });
          if (err.body.code === 'internal') {
            // No answer from the server (it may be restarting): keep the change and try again.
            if (!this.waiting.has(key)) this.waiting.set(key, { no, change });
            this.onStatus(no, 'retrying');
            await new Promise((r) => setTimeout(r, RETRY_MS));
            continue;
          }
          this.onStatus(no, { error: err });
          if (['attempt_submitted', 'attempt_expired', 'unauthenticated', 'forbidden'].includes(err.body.code)) this.onRefused(err);
        }
      }
    } finally {
      this.running = false;
      if (!this.waiting.size || this.stopped) this.idle.splice(0).forEach((r) => r());
    }
  }
}

import crypto from 'node:crypto';
import type { Caller } from './registry';

export const SESSION_IDLE_MS = 30 * 60 * 1000;

interface Entry {
  caller: Caller;
  lastSeen: number;
}

/** Signed-in people, by opaque token; a session ends after SESSION_IDLE_MS without a call. */
export class Sessions {
  private readonly entries = new Map<string, Entry>();
  constructor(private readonly now: () => number = Date.now) {}

  open(caller: Caller): string {
    const token = crypto.randomBytes(24).toString('base64url');
    this.entries.set(token, { caller, lastSeen: this.now() });
    return token;
  }

  resolve(token: string | undefined): Caller | null {
    if (!token) return null;
    const entry = this.entries.get(token);
    if (!entry) return null;
    if (this.now() - entry.lastSeen > SESSION_IDLE_MS) {
      this.entries.delete(token);
      return null;
    }
    entry.lastSeen = this.now();
    return entry.caller;
  }

  close(token: string | undefined): void {
    if (token) this.entries.delete(token);
  }

  /** Ends every session whose caller matches (e.g. an earlier sign-in of the same exam candidate). */
  closeWhere(match: (caller: Caller) => boolean): number {
    let n = 0;
    for (const [token, entry] of this.entries) if (match(entry.caller) && this.entries.delete(token)) n++;
    return n;
  }
}

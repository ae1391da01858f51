/** Files named after the process that made them (`<pid>-…`), and cleaning up after processes that are gone. */
import fs from 'node:fs';
import path from 'node:path';

export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, run by another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the files in `dir` of processes that have gone, and this process's own that are not `live`. */
export function removeStaleFiles(dir: string, live: ReadonlySet<string>): void {
  if (!fs.existsSync(dir)) return;
  for (const name of fs.readdirSync(dir)) {
    if (live.has(name)) continue;
    const pid = Number(name.split('-', 1)[0]);
    if (pid === process.pid || !processAlive(pid)) fs.rmSync(path.join(dir, name), { force: true, recursive: true });
  }
}

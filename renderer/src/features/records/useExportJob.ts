import { useCallback, useEffect, useRef, useState } from 'react';
import type { ExportJob } from '../../../../electron/shared/recordTypes';
import { call } from '../../api/client';
import { errorText } from '../../components/errorText';
import { useI18n } from '../../i18n/i18n';
import { base64ToBytes, saveFile } from './files';

const POLL_MS = 300;

export type ExportRun =
  | { phase: 'idle' }
  | { phase: 'running'; label: string; job: ExportJob | null; fetched: number }
  | { phase: 'saved'; label: string; fileName: string; bytes: number }
  | { phase: 'cancelled'; label: string }
  | { phase: 'failed'; label: string; message: string };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One background export at a time: start it, poll its status (~300 ms), fetch the finished file in chunks and
 * save it. `cancel` asks the server to stop and drops whatever arrived.
 */
export function useExportJob() {
  const { locale } = useI18n();
  const [run, setRun] = useState<ExportRun>({ phase: 'idle' });
  const current = useRef<{ id: string | null; stopped: boolean } | null>(null);

  useEffect(
    () => () => {
      // Leaving the screen cancels a running export.
      const c = current.current;
      if (c && !c.stopped) {
        c.stopped = true;
        if (c.id) void call('records.exportCancel', { id: c.id }).catch(() => undefined);
      }
    },
    [],
  );

  const start = useCallback(
    async (label: string, begin: () => Promise<ExportJob>) => {
      if (current.current && !current.current.stopped) return;
      const mine = { id: null as string | null, stopped: false };
      current.current = mine;
      setRun({ phase: 'running', label, job: null, fetched: 0 });
      try {
        let job = await begin();
        mine.id = job.id;
        // 取消 pressed before the job existed: stop it now that it has an id.
        if (mine.stopped) void call('records.exportCancel', { id: job.id }).catch(() => undefined);
        while (job.state === 'running' && !mine.stopped) {
          setRun({ phase: 'running', label, job, fetched: 0 });
          await sleep(POLL_MS);
          if (mine.stopped) break;
          job = await call('records.exportStatus', { id: job.id });
        }
        if (mine.stopped || job.state === 'cancelled') {
          setRun({ phase: 'cancelled', label });
          return;
        }
        if (job.state === 'failed') {
          setRun({ phase: 'failed', label, message: job.error?.[locale] ?? job.state });
          return;
        }
        setRun({ phase: 'running', label, job, fetched: 0 });
        const parts: Uint8Array<ArrayBuffer>[] = [];
        let offset = 0;
        for (;;) {
          const chunk = await call('records.exportFetch', { id: job.id, offset });
          if (mine.stopped) {
            setRun({ phase: 'cancelled', label });
            return;
          }
          const bytes = base64ToBytes(chunk.base64);
          parts.push(bytes);
          offset = chunk.offset + bytes.length;
          setRun({ phase: 'running', label, job, fetched: offset });
          if (chunk.done || bytes.length === 0) break;
        }
        saveFile(parts, job.fileName);
        setRun({ phase: 'saved', label, fileName: job.fileName, bytes: offset });
      } catch (err) {
        setRun(mine.stopped ? { phase: 'cancelled', label } : { phase: 'failed', label, message: errorText(err, locale) });
      } finally {
        // Finished one way or another: a new export may start.
        mine.stopped = true;
      }
    },
    [locale],
  );

  const cancel = useCallback(async () => {
    const c = current.current;
    if (!c || c.stopped) return;
    c.stopped = true;
    setRun((r) => (r.phase === 'running' ? { phase: 'cancelled', label: r.label } : r));
    if (c.id) await call('records.exportCancel', { id: c.id }).catch(() => undefined);
  }, []);

  return { run, start, cancel, busy: run.phase === 'running' };
}

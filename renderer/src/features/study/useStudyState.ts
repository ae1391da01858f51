import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChapterState } from '../../../../electron/shared/types';
import { call } from '../../api/client';
import { useSession } from '../../session';

const EMPTY: ChapterState = { read: [], bookmarks: [], notes: {} };

/** The signed-in learner's read marks, bookmarks and notes for one chapter (empty when nobody is signed in). */
export function useStudyState(chapterId: string) {
  const { status } = useSession();
  const learner = status?.role === 'learner';
  const [state, setState] = useState<ChapterState>(EMPTY);
  const pendingReads = useRef(new Set<string>());

  useEffect(() => {
    setState(EMPTY);
    pendingReads.current.clear();
    if (!learner) return;
    let live = true;
    call('study.chapterState', { chapterId }).then((s) => live && setState(s), () => undefined);
    return () => {
      live = false;
    };
  }, [chapterId, learner]);

  const markRead = useCallback(
    (sectionId: string) => {
      if (!learner || pendingReads.current.has(sectionId)) return;
      pendingReads.current.add(sectionId);
      call('study.markRead', { chapterId, sectionId }).then(
        () => setState((s) => (s.read.includes(sectionId) ? s : { ...s, read: [...s.read, sectionId] })),
        () => pendingReads.current.delete(sectionId),
      );
    },
    [chapterId, learner],
  );

  const setBookmark = useCallback(
    async (sectionId: string, on: boolean) => {
      await call('study.setBookmark', { chapterId, sectionId, on });
      setState((s) => ({ ...s, bookmarks: on ? [...s.bookmarks, sectionId] : s.bookmarks.filter((b) => b !== sectionId) }));
    },
    [chapterId],
  );

  const saveNote = useCallback(
    async (sectionId: string, body: string) => {
      await call('study.saveNote', { chapterId, sectionId, body });
      setState((s) => {
        const notes = { ...s.notes };
        if (body.trim()) notes[sectionId] = body;
        else delete notes[sectionId];
        return { ...s, notes };
      });
    },
    [chapterId],
  );

  return { learner, state, markRead, setBookmark, saveNote };
}

/**
 * Marks a section read once its end has been scrolled into view, and remembers the section at the
 * top of the screen as the place to continue from.
 */
export function useReadTracking(ready: boolean, markRead: (sectionId: string) => void, chapterId: string, enabled: boolean) {
  useEffect(() => {
    if (!ready || !enabled) return;
    const ends = new IntersectionObserver((entries) => {
      for (const e of entries) if (e.isIntersecting) markRead((e.target as HTMLElement).dataset.sectionEnd!);
    });
    document.querySelectorAll<HTMLElement>('[data-section-end]').forEach((el) => ends.observe(el));
    let timer: number | undefined;
    const tops = new IntersectionObserver((entries) => {
      const visible = entries.filter((e) => e.isIntersecting).map((e) => (e.target as HTMLElement).dataset.section!);
      if (!visible.length) return;
      window.clearTimeout(timer);
      timer = window.setTimeout(() => void call('study.setPosition', { chapterId, sectionId: visible[0] }).catch(() => undefined), 800);
    }, { rootMargin: '0px 0px -70% 0px' });
    document.querySelectorAll<HTMLElement>('section[data-section]').forEach((el) => tops.observe(el));
    return () => {
      ends.disconnect();
      tops.disconnect();
      window.clearTimeout(timer);
    };
  }, [ready, enabled, markRead, chapterId]);
}

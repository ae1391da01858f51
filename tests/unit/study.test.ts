import { describe, expect, it } from 'vitest';
import { openApp } from '../../electron/services/app';
import { createGateway } from '../../electron/api/gateway';
import { openTestApi, tempDir } from '../helpers/app';
import { TEST_CONTENT_DB } from '../helpers/paths';

describe('study progress per profile', () => {
  it('marks sections read, remembers where to continue, keeps bookmarks and notes per learner', async () => {
    const api = await openTestApi();
    const zhang = await api.call('profiles.create', { employeeId: 'E1', name: '张敏', branch: '城东' });
    const li = await api.call('profiles.create', { employeeId: 'E2', name: '李华', branch: '城西' });
    const chapter = await api.call('content.getChapter', { chapterId: 'complaints' });
    const [first, second] = chapter.sections.filter((s) => s.level === 2);

    await api.call('study.markRead', { chapterId: 'complaints', sectionId: first.id }, zhang.session);
    await api.call('study.markRead', { chapterId: 'complaints', sectionId: second.id }, zhang.session);
    await api.call('study.setBookmark', { chapterId: 'complaints', sectionId: second.id, on: true }, zhang.session);
    await api.call('study.saveNote', { chapterId: 'complaints', sectionId: first.id, body: '先处理情绪，再处理事情' }, zhang.session);

    const overview = await api.call('study.overview', {}, zhang.session);
    expect(overview.chapters.find((c) => c.chapterId === 'complaints')).toMatchObject({ read: 2, total: chapter.sections.filter((s) => s.level === 2).length });
    expect(overview.last).toMatchObject({ chapterId: 'complaints', sectionId: second.id, sectionTitle: second.title });
    expect(overview.bookmarks.map((b) => b.sectionId)).toEqual([second.id]);
    const state = await api.call('study.chapterState', { chapterId: 'complaints' }, zhang.session);
    expect(state.read.sort()).toEqual([first.id, second.id].sort());
    expect(state.notes[first.id]).toBe('先处理情绪，再处理事情');

    const other = await api.call('study.overview', {}, li.session);
    expect(other.last).toBeNull();
    expect(other.bookmarks).toEqual([]);
    expect(other.chapters.every((c) => c.read === 0)).toBe(true);

    await api.call('study.setBookmark', { chapterId: 'complaints', sectionId: second.id, on: false }, zhang.session);
    await api.call('study.saveNote', { chapterId: 'complaints', sectionId: first.id, body: '  ' }, zhang.session);
    const after = await api.call('study.chapterState', { chapterId: 'complaints' }, zhang.session);
    expect(after.bookmarks).toEqual([]);
    expect(after.notes).toEqual({});
  });

  it('refuses sections that do not exist and callers who are not learners', async () => {
    const api = await openTestApi();
    const me = await api.call('profiles.create', { employeeId: 'E1', name: '张敏', branch: '' });
    const r = await api.gateway.call('study.markRead', { chapterId: 'complaints', sectionId: 'no-such' }, me.session);
    expect(r.ok || r.error.code).toBe('not_found');
    const anon = await api.gateway.call('study.overview', {});
    expect(anon.ok || anon.error.code).toBe('unauthenticated');
  });

  it('keeps progress across a restart of the app on the same data folder', async () => {
    const dataDir = tempDir();
    const first = await openApp({ dataDir, bundledContentDb: TEST_CONTENT_DB });
    const g1 = createGateway(first);
    const me = await g1.call('profiles.create', { employeeId: 'E1', name: '张敏', branch: '' });
    if (!me.ok) throw new Error('create failed');
    const { session, person } = me.value as { session: string; person: { id: number } };
    await g1.call('study.markRead', { chapterId: 'etiquette', sectionId: 'appearance' }, session);
    first.close();

    const second = await openApp({ dataDir, bundledContentDb: TEST_CONTENT_DB });
    try {
      const g2 = createGateway(second);
      const again = await g2.call('profiles.signIn', { personId: person.id });
      if (!again.ok) throw new Error('sign-in failed');
      const overview = await g2.call('study.overview', {}, (again.value as { session: string }).session);
      expect(overview.ok && (overview.value as { last: unknown }).last).toMatchObject({ chapterId: 'etiquette', sectionId: 'appearance' });
    } finally {
      second.close();
    }
  });
});

import type { contentCalls } from '../../shared/calls/content';
import { getChapter, listChapters } from '../../services/content.service';
import { importPack, summarizePack } from '../../services/contentPack.service';
import type { HandlersFor } from './types';

export const contentHandlers: HandlersFor<typeof contentCalls> = {
  'content.listChapters': (_input, { app }) => listChapters(app.content),
  'content.getChapter': ({ chapterId }, { app }) => getChapter(app.content, chapterId),
  'content.previewPack': ({ pack }, { app }) => summarizePack(app, pack),
  'content.importPack': ({ pack }, { app, caller }) => importPack(app, pack, caller.personId),
};

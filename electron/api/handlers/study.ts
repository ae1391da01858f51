import type { studyCalls } from '../../shared/calls/study';
import { AppError } from '../../shared/errors';
import { chapterState, markRead, saveNote, setBookmark, setPosition, studyOverview } from '../../services/study.service';
import type { Caller, HandlersFor } from './types';

/** The signed-in learner's id (the router already checked the role). */
export function learnerId(caller: Caller): number {
  if (caller.personId === null) throw new AppError('unauthenticated');
  return caller.personId;
}

export const studyHandlers: HandlersFor<typeof studyCalls> = {
  'study.overview': (_i, { app, caller }) => studyOverview(app, learnerId(caller)),
  'study.chapterState': ({ chapterId }, { app, caller }) => chapterState(app, learnerId(caller), chapterId),
  'study.markRead': (ref, { app, caller }) => (markRead(app, learnerId(caller), ref), null),
  'study.setPosition': (ref, { app, caller }) => (setPosition(app, learnerId(caller), ref), null),
  'study.setBookmark': ({ on, ...ref }, { app, caller }) => (setBookmark(app, learnerId(caller), ref, on), null),
  'study.saveNote': ({ body, ...ref }, { app, caller }) => (saveNote(app, learnerId(caller), ref, body), null),
};

import type { practiceCalls } from '../../shared/calls/practice';
import {
  answerPractice,
  markHard,
  practiceStats,
  reviewQueue,
  selfCheckEssay,
  startPractice,
  wrongBook,
} from '../../services/practice.service';
import { getMock, listMocks, saveMockAnswer, startMock, submitMock } from '../../services/mock.service';
import type { HandlersFor } from './types';
import { learnerId } from './study';

export const practiceHandlers: HandlersFor<typeof practiceCalls> = {
  'practice.start': (input, { app, caller }) => startPractice(app, learnerId(caller), input),
  'practice.answer': ({ questionId, response }, { app, caller }) => answerPractice(app, learnerId(caller), questionId, response),
  'practice.selfCheck': ({ questionId, knewIt }, { app, caller }) => selfCheckEssay(app, learnerId(caller), questionId, knewIt),
  'practice.markHard': ({ questionId }, { app, caller }) => markHard(app, learnerId(caller), questionId),
  'practice.wrongBook': (_i, { app, caller }) => wrongBook(app, learnerId(caller)),
  'practice.reviewQueue': (_i, { app, caller }) => reviewQueue(app, learnerId(caller)),
  'practice.stats': (_i, { app, caller }) => practiceStats(app, learnerId(caller)),
  'mock.start': (_i, { app, caller }) => startMock(app, learnerId(caller)),
  'mock.list': (_i, { app, caller }) => listMocks(app, learnerId(caller)),
  'mock.get': ({ attemptId }, { app, caller }) => getMock(app, learnerId(caller), attemptId),
  'mock.saveAnswer': ({ attemptId, no, response }, { app, caller }) => saveMockAnswer(app, learnerId(caller), attemptId, no, response),
  'mock.submit': ({ attemptId }, { app, caller }) => submitMock(app, learnerId(caller), attemptId),
};

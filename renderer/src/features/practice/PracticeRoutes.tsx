import type { Route } from '../../router';
import { LearnerGate } from './LearnerGate';
import { MockAttemptPage } from './MockAttempt';
import { MockHome } from './MockHome';
import { PracticeHome } from './PracticeHome';
import { PracticeSetPage } from './PracticeSetPage';
import { ReviewPage } from './ReviewPage';
import { WrongBookPage, WrongBookRetry } from './WrongBookPage';

export type PracticeRoute = Extract<Route, { name: 'practice' | 'practiceSet' | 'wrongBook' | 'review' | 'mock' }>;

export function isPracticeRoute(route: Route): route is PracticeRoute {
  return ['practice', 'practiceSet', 'wrongBook', 'review', 'mock'].includes(route.name);
}

/** The pages of 练习, 错题本, 今日复习 and 模拟考试; all need a signed-in learner. */
export function PracticeRoutes({ route }: { route: PracticeRoute }) {
  return <LearnerGate>{page(route)}</LearnerGate>;
}

function page(route: PracticeRoute) {
  switch (route.name) {
    case 'practiceSet':
      return <PracticeSetPage key={`${route.chapterId}/${route.sectionId ?? ''}`} chapterId={route.chapterId} sectionId={route.sectionId} />;
    case 'wrongBook':
      return route.chapterId ? <WrongBookRetry key={route.chapterId} chapterId={route.chapterId} /> : <WrongBookPage />;
    case 'review':
      return <ReviewPage />;
    case 'mock':
      return route.attemptId ? <MockAttemptPage key={route.attemptId} attemptId={route.attemptId} /> : <MockHome />;
    default:
      return <PracticeHome />;
  }
}

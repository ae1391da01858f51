import { useEffect, useState } from 'react';

/** Hash routes: #/study, #/chapter/<id>[/<sectionId>] */
export type Route =
  | { name: 'study' }
  | { name: 'chapter'; chapterId: string; sectionId?: string }
  | { name: 'profiles' }
  | { name: 'staff' }
  | { name: 'admin' }
  | { name: 'practice' }
  | { name: 'practiceSet'; chapterId: string; sectionId?: string }
  | { name: 'wrongBook'; chapterId?: string }
  | { name: 'review' }
  | { name: 'mock'; attemptId?: number }
  | { name: 'exam' }
  | { name: 'proctor' }
  | { name: 'proctorSession'; sessionId: number }
  | { name: 'proctorAttempt'; attemptId: number }
  | { name: 'records'; query?: string }
  | { name: 'recordAttempt'; uid: string }
  | { name: 'recordPerson'; employeeId: string };

export function parseRoute(hash: string): Route {
  // Anything after '?' (e.g. ?hl= words a search hit highlights) is not part of the route.
  const [path, query = ''] = hash.replace(/^#\/?/, '').split('?');
  const parts = path.split('/').map(decodeURIComponent);
  if (parts[0] === 'chapter' && parts[1]) return { name: 'chapter', chapterId: parts[1], sectionId: parts[2] || undefined };
  if (parts[0] === 'profiles') return { name: 'profiles' };
  if (parts[0] === 'staff') return { name: 'staff' };
  if (parts[0] === 'admin') return { name: 'admin' };
  if (parts[0] === 'practice') return parts[1] ? { name: 'practiceSet', chapterId: parts[1], sectionId: parts[2] || undefined } : { name: 'practice' };
  if (parts[0] === 'wrong-book') return { name: 'wrongBook', chapterId: parts[1] || undefined };
  if (parts[0] === 'review') return { name: 'review' };
  if (parts[0] === 'mock') return { name: 'mock', attemptId: /^\d+$/.test(parts[1] ?? '') ? Number(parts[1]) : undefined };
  if (parts[0] === 'exam') return { name: 'exam' };
  if (parts[0] === 'proctor') {
    const id = /^\d+$/.test(parts[2] ?? '') ? Number(parts[2]) : null;
    if (parts[1] === 'session' && id) return { name: 'proctorSession', sessionId: id };
    if (parts[1] === 'attempt' && id) return { name: 'proctorAttempt', attemptId: id };
    return { name: 'proctor' };
  }
  if (parts[0] === 'records') {
    // The records filter lives in the query (#/records?sessionCode=…) so a filtered list can be linked to.
    if (parts[1] === 'attempt' && /^[0-9a-f]{32}$/.test(parts[2] ?? '')) return { name: 'recordAttempt', uid: parts[2] };
    if (parts[1] === 'person' && parts[2]) return { name: 'recordPerson', employeeId: parts[2] };
    return { name: 'records', query: query || undefined };
  }
  return { name: 'study' };
}

export function href(route: Route): string {
  switch (route.name) {
    case 'chapter':
      return `#/chapter/${encodeURIComponent(route.chapterId)}${route.sectionId ? `/${encodeURIComponent(route.sectionId)}` : ''}`;
    case 'profiles':
    case 'staff':
    case 'admin':
      return `#/${route.name}`;
    case 'practice':
      return '#/practice';
    case 'practiceSet':
      return `#/practice/${encodeURIComponent(route.chapterId)}${route.sectionId ? `/${encodeURIComponent(route.sectionId)}` : ''}`;
    case 'wrongBook':
      return `#/wrong-book${route.chapterId ? `/${encodeURIComponent(route.chapterId)}` : ''}`;
    case 'review':
      return '#/review';
    case 'mock':
      return `#/mock${route.attemptId ? `/${route.attemptId}` : ''}`;
    case 'exam':
      return '#/exam';
    case 'proctor':
      return '#/proctor';
    case 'proctorSession':
      return `#/proctor/session/${route.sessionId}`;
    case 'proctorAttempt':
      return `#/proctor/attempt/${route.attemptId}`;
    case 'records':
      return `#/records${route.query ? `?${route.query}` : ''}`;
    case 'recordAttempt':
      return `#/records/attempt/${route.uid}`;
    case 'recordPerson':
      return `#/records/person/${encodeURIComponent(route.employeeId)}`;
    default:
      return '#/study';
  }
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const on = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}

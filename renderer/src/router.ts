import { useEffect, useState } from 'react';

/** Hash routes: #/study, #/chapter/<id>[/<sectionId>] */
export type Route =
  | { name: 'study' }
  | { name: 'chapter'; chapterId: string; sectionId?: string }
  | { name: 'profiles' }
  | { name: 'staff' };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (parts[0] === 'chapter' && parts[1]) return { name: 'chapter', chapterId: parts[1], sectionId: parts[2] || undefined };
  if (parts[0] === 'profiles') return { name: 'profiles' };
  if (parts[0] === 'staff') return { name: 'staff' };
  return { name: 'study' };
}

export function href(route: Route): string {
  switch (route.name) {
    case 'chapter':
      return `#/chapter/${encodeURIComponent(route.chapterId)}${route.sectionId ? `/${encodeURIComponent(route.sectionId)}` : ''}`;
    case 'profiles':
    case 'staff':
      return `#/${route.name}`;
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

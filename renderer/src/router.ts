import { useEffect, useState } from 'react';

/** Hash routes: #/study, #/chapter/<id>[/<sectionId>] */
export type Route =
  | { name: 'study' }
  | { name: 'chapter'; chapterId: string; sectionId?: string };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (parts[0] === 'chapter' && parts[1]) return { name: 'chapter', chapterId: parts[1], sectionId: parts[2] || undefined };
  return { name: 'study' };
}

export function href(route: Route): string {
  switch (route.name) {
    case 'chapter':
      return `#/chapter/${encodeURIComponent(route.chapterId)}${route.sectionId ? `/${encodeURIComponent(route.sectionId)}` : ''}`;
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

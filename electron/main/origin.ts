/** The renderer's own origin: the privileged app:// scheme serving dist/renderer. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'kb';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

/**
 * True when `url` belongs to our app:// origin. Compared by scheme and host, not `URL.origin`: for a
 * custom scheme the WHATWG parser reports the origin as the string "null".
 */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
}

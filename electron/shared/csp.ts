/** The one Content-Security-Policy, sent by the app:// protocol and by the HTTP bridge. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
  // No allow-popups: window.open returns null. Forms, print dialogs and export downloads stay usable.
  'sandbox allow-scripts allow-same-origin allow-forms allow-modals allow-downloads',
].join('; ');

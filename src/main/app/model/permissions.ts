/**
 * Web permissions the window may have. It needs none of the powerful ones (camera, geolocation,
 * notifications come from main, not the page); copying a log to the clipboard is the one thing it does.
 */
const ALLOWED = new Set(['clipboard-sanitized-write']);

export function isPermissionAllowed(permission: string): boolean {
  return ALLOWED.has(permission);
}

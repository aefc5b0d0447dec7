// The URL a page commits as, built the way Electron and Chromium build it, so that the app's trusted-sender
// check meets the real spelling. Electron's loadFile formats the path with Node's legacy url.format (which
// escapes only `#` and `?`), then Chromium's URL canonicalizer (GURL) cleans the string: backslashes become
// slashes, spaces, quotes, angle brackets, backticks, control characters and every non-ASCII byte are
// percent-escaped as UTF-8, a drive letter is upper-cased, and a `%` that starts no escape is left bare
// (it is not turned into %25, unlike Node's pathToFileURL). Other schemes go through the WHATWG parser.
import path from 'node:path';
import url from 'node:url';

/** What Electron's webContents.loadFile(file) asks Chromium to load (lib/browser/api/web-contents.ts). */
export function loadFileUrl(appPath, file) {
  return url.format({ protocol: 'file', slashes: true, pathname: path.resolve(appPath, file) });
}

/** The URL Chromium commits for a loadURL(input). */
export function committedUrl(input) {
  if (!/^file:/i.test(input)) return new URL(input).href;
  let rest = input.slice('file:'.length).replace(/\\/g, '/');
  let host = '';
  if (rest.startsWith('//')) {
    rest = rest.slice(2);
    const slash = rest.indexOf('/');
    host = slash === -1 ? rest : rest.slice(0, slash);
    rest = slash === -1 ? '/' : rest.slice(slash);
  }
  const hashAt = rest.indexOf('#');
  const fragment = hashAt === -1 ? '' : rest.slice(hashAt);
  if (hashAt !== -1) rest = rest.slice(0, hashAt);
  const queryAt = rest.indexOf('?');
  const query = queryAt === -1 ? '' : rest.slice(queryAt);
  if (queryAt !== -1) rest = rest.slice(0, queryAt);
  let pathname = escapePath(rest).replace(/^\/([a-z])[:|]/, (_m, drive) => `/${drive.toUpperCase()}:`);
  pathname = resolveDots(pathname);
  return `file://${host.toLowerCase()}${pathname}${query}${fragment}`;
}

const ESCAPED_ASCII = new Set([' ', '"', '<', '>', '`']);

function escapePath(text) {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    out +=
      byte < 0x20 || byte >= 0x7f || ESCAPED_ASCII.has(char)
        ? `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
        : char;
  }
  return out;
}

function resolveDots(pathname) {
  const out = [];
  for (const segment of pathname.split('/').slice(1)) {
    const plain = segment.replace(/%2e/gi, '.');
    if (plain === '.') continue;
    if (plain === '..') out.pop();
    else out.push(segment);
  }
  return `/${out.join('/')}`;
}

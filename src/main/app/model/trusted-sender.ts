/**
 * Where our renderer lives: the built index.html under out/renderer (file://), or electron-vite's dev
 * server. Anything else that manages to send IPC (a navigated-away frame, an injected iframe) is refused.
 */
export type RendererLocation =
  | { kind: 'file'; folderUrl: string; caseInsensitive: boolean }
  | { kind: 'dev-server'; url: string };

/**
 * The renderer's location: the dev server when electron-vite passes one (ELECTRON_RENDERER_URL, unpackaged
 * only: a packaged app never trusts an environment variable for this), else the folder of the built file.
 */
export function rendererLocation(options: {
  isPackaged: boolean;
  devServerUrl: string | undefined;
  /** file:// URL of out/renderer/ (pathToFileURL of the folder). */
  rendererFolderUrl: string;
  platform: NodeJS.Platform;
}): RendererLocation {
  if (!options.isPackaged && options.devServerUrl) return { kind: 'dev-server', url: options.devServerUrl };
  const folderUrl = options.rendererFolderUrl.endsWith('/')
    ? options.rendererFolderUrl
    : `${options.rendererFolderUrl}/`;
  return { kind: 'file', folderUrl, caseInsensitive: options.platform === 'win32' };
}

/**
 * Whether a frame URL belongs to our renderer. URLs are parsed, not prefix-matched as strings, so that
 * `..` segments (also percent-encoded), a sibling folder named `renderer-evil`, another host of a UNC
 * file URL, user-info tricks (`http://localhost:5173@evil.test`) and other schemes all fail.
 *
 * File paths are compared segment by segment after percent-decoding, because the same folder has more than
 * one spelling: Node's pathToFileURL writes `100%` as `100%25`, while the URL Chromium commits for a page
 * loaded from that folder may keep the bare `%` (Electron's loadFile builds it with url.format); spaces and
 * non-ASCII letters (`Zoë`) may be escaped either way too. A segment that decodes to a path separator is
 * refused rather than compared.
 */
export function isRendererUrl(frameUrl: string, location: RendererLocation): boolean {
  const url = parse(frameUrl);
  if (!url) return false;
  if (location.kind === 'dev-server') {
    const dev = parse(location.url);
    return (
      dev !== null && (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === dev.origin
    );
  }
  const folder = parse(location.folderUrl);
  if (!folder || url.protocol !== 'file:' || url.host !== folder.host) return false;
  const fold = (text: string) => (location.caseInsensitive ? text.toLowerCase() : text);
  const page = pathSegments(url.pathname);
  const base = pathSegments(folder.pathname)?.filter((segment) => segment !== '');
  if (!page || !base || page.length <= base.length) return false;
  return base.every((segment, i) => fold(segment) === fold(page[i] as string));
}

/**
 * Whether two URLs name the same document (the fragment aside): the IPC sender must be the very page the
 * window committed, not merely a URL that looks like ours.
 */
export function isSameDocument(frameUrl: string, documentUrl: string): boolean {
  const frame = parse(frameUrl);
  const document = parse(documentUrl);
  if (!frame || !document) return false;
  frame.hash = '';
  document.hash = '';
  return frame.href === document.href;
}

/** The sender of an IPC message, as the glue reads it from the event (plain data, testable). */
export interface IpcSenderInfo {
  /** `event.sender.id`: the webContents that sent. */
  webContentsId: number;
  /** `event.senderFrame`: null when the frame navigated away or was destroyed meanwhile. */
  frame: { url: string; isMainFrame: boolean } | null;
}

/**
 * The URL to check for a sender, or null when it is not our window's main frame at all (another
 * webContents, a subframe, a frame that is gone).
 */
export function senderFrameUrl(sender: IpcSenderInfo, ourWebContentsId: number | null): string | null {
  if (ourWebContentsId === null || sender.webContentsId !== ourWebContentsId) return null;
  const frame = sender.frame;
  return frame?.isMainFrame ? frame.url : null;
}

/** A URL path's segments, percent-decoded; null when a segment hides a separator (`%2F`, `%5C`). */
function pathSegments(pathname: string): string[] | null {
  const segments = pathname.split('/').slice(1);
  const decoded = segments.map(decodePercent);
  return decoded.some((segment) => segment.includes('/') || segment.includes('\\')) ? null : decoded;
}

/** Decodes `%XX` escapes as UTF-8, leaving a `%` that starts no escape as it is (as Chromium does). */
function decodePercent(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const hex = text.slice(i + 1, i + 3);
    if (text[i] === '%' && /^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(text[i] as string, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function parse(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

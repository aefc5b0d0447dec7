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
  return fold(url.pathname).startsWith(fold(folder.pathname));
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

function parse(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

import { describe, expect, it } from 'vitest';
import {
  isRendererUrl,
  isSameDocument,
  type RendererLocation,
  rendererLocation,
  senderFrameUrl,
} from '../../../src/main/app/model/trusted-sender';

const windowsFile = rendererLocation({
  isPackaged: true,
  devServerUrl: 'http://localhost:5173',
  rendererFolderUrl: 'file:///C:/Program%20Files/Automation%20Hub/resources/app.asar/out/renderer',
  platform: 'win32',
});
const posixFile: RendererLocation = {
  kind: 'file',
  folderUrl: 'file:///opt/hub/out/renderer/',
  caseInsensitive: false,
};
const dev = rendererLocation({
  isPackaged: false,
  devServerUrl: 'http://localhost:5173/',
  rendererFolderUrl: 'file:///work/out/renderer/',
  platform: 'linux',
});

describe('renderer location', () => {
  it('uses the dev server only unpackaged, and always a folder URL ending in /', () => {
    expect(windowsFile).toEqual({
      kind: 'file',
      folderUrl: 'file:///C:/Program%20Files/Automation%20Hub/resources/app.asar/out/renderer/',
      caseInsensitive: true,
    });
    expect(dev).toEqual({ kind: 'dev-server', url: 'http://localhost:5173/' });
    const unpackagedWithoutServer = rendererLocation({
      isPackaged: false,
      devServerUrl: undefined,
      rendererFolderUrl: 'file:///work/out/renderer/',
      platform: 'linux',
    });
    expect(unpackagedWithoutServer.kind).toBe('file');
  });
});

describe('trusted renderer URLs', () => {
  it('accepts our built page, with a hash or query', () => {
    const base = 'file:///C:/Program%20Files/Automation%20Hub/resources/app.asar/out/renderer';
    expect(isRendererUrl(`${base}/index.html`, windowsFile)).toBe(true);
    expect(isRendererUrl(`${base}/index.html#/runs/abc`, windowsFile)).toBe(true);
    expect(isRendererUrl(`${base.toLowerCase()}/index.html`, windowsFile)).toBe(true);
    expect(isRendererUrl('file:///opt/hub/out/renderer/index.html?x=1', posixFile)).toBe(true);
  });

  it('refuses other files, folder tricks, other hosts and schemes', () => {
    const hostile = [
      'file:///opt/hub/out/renderer-evil/index.html',
      'file:///opt/hub/out/renderer/../../evil.html',
      'file:///opt/hub/out/renderer/%2e%2e/%2e%2e/evil.html',
      'file:///opt/hub/out/evil.html',
      'file://server/opt/hub/out/renderer/index.html',
      'file:///OPT/hub/out/renderer/index.html',
      'https://opt/hub/out/renderer/index.html',
      'about:blank',
      'data:text/html,<script>1</script>',
      'javascript:alert(1)',
      'not a url',
      '',
    ];
    for (const url of hostile) expect(isRendererUrl(url, posixFile), url).toBe(false);
  });

  it('accepts the dev server origin only', () => {
    expect(isRendererUrl('http://localhost:5173/', dev)).toBe(true);
    expect(isRendererUrl('http://localhost:5173/src/index.html#x', dev)).toBe(true);
    for (const url of [
      'http://localhost:5174/',
      'https://localhost:5173/',
      'http://localhost:5173@evil.example/',
      'http://evil.example/?http://localhost:5173/',
      'file:///work/out/renderer/index.html',
      'ws://localhost:5173/',
    ]) {
      expect(isRendererUrl(url, dev), url).toBe(false);
    }
  });
});

describe('sender frame', () => {
  const main = { url: 'file:///opt/hub/out/renderer/index.html', isMainFrame: true };

  it("gives the URL of our window's main frame only", () => {
    expect(senderFrameUrl({ webContentsId: 3, frame: main }, 3)).toBe(main.url);
    expect(senderFrameUrl({ webContentsId: 4, frame: main }, 3)).toBeNull();
    expect(senderFrameUrl({ webContentsId: 3, frame: { ...main, isMainFrame: false } }, 3)).toBeNull();
    expect(senderFrameUrl({ webContentsId: 3, frame: null }, 3)).toBeNull();
    expect(senderFrameUrl({ webContentsId: 3, frame: main }, null)).toBeNull();
  });
});

describe('the same folder, spelt differently', () => {
  // A profile folder "Zoë 100%": Node's pathToFileURL and the URL Chromium commits for a page loaded from it
  // escape it differently.
  const zoe: RendererLocation = {
    kind: 'file',
    folderUrl: 'file:///C:/Users/Zo%C3%AB%20100%25/hub/out/renderer/',
    caseInsensitive: true,
  };

  it('accepts every spelling of our folder', () => {
    for (const url of [
      'file:///C:/Users/Zo%C3%AB%20100%25/hub/out/renderer/index.html',
      'file:///C:/Users/Zo%C3%AB%20100%/hub/out/renderer/index.html',
      'file:///C:/Users/Zoë 100%/hub/out/renderer/index.html',
      'file:///c:/users/zo%c3%ab%20100%25/hub/out/renderer/index.html',
    ]) {
      expect(isRendererUrl(url, zoe), url).toBe(true);
    }
  });

  it('refuses separators smuggled in as escapes, and neighbours of the folder', () => {
    for (const url of [
      'file:///C:/Users/Zo%C3%AB%20100%25/hub/out/renderer%2F..%2F..%2Fevil.html',
      'file:///C:/Users/Zo%C3%AB%20100%25/hub/out/renderer%5C..%5Cevil.html',
      'file:///C:/Users/Zo%C3%AB%20100/hub/out/renderer/index.html',
      'file:///C:/Users/Zo%C3%AB%20100%25/hub/out/renderer',
    ]) {
      expect(isRendererUrl(url, zoe), url).toBe(false);
    }
  });
});

describe('the committed page', () => {
  const page = 'file:///C:/Users/Zo%C3%AB%20100%/hub/out/renderer/index.html';

  it('is the same document with another fragment, and nothing else', () => {
    expect(isSameDocument(page, page)).toBe(true);
    expect(isSameDocument(`${page}#/runs/abc`, page)).toBe(true);
    expect(isSameDocument(page.replace('index.html', 'other.html'), page)).toBe(false);
    expect(isSameDocument(`${page}?x=1`, page)).toBe(false);
    expect(isSameDocument('not a url', page)).toBe(false);
  });
});

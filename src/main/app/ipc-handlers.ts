import { type IpcMainInvokeEvent, ipcMain } from 'electron';
import { bridgeMethods, channelOf } from '../../shared/ipc';
import type { IpcDispatcher } from './model/ipc-dispatcher';
import { type IpcSenderInfo, senderFrameUrl } from './model/trusted-sender';

/**
 * One ipcMain.handle per bridge method. Everything it decides is in the dispatcher (model/ipc-dispatcher.ts)
 * and in senderFrameUrl: this only reads the sender off the event. Returns the function that removes them.
 */
export function registerIpcHandlers(
  dispatch: IpcDispatcher,
  ourWebContentsId: () => number | null,
): () => void {
  for (const method of bridgeMethods) {
    ipcMain.handle(channelOf(method), (event, ...args: unknown[]) =>
      dispatch(method, senderFrameUrl(senderOf(event), ourWebContentsId()), args),
    );
  }
  return () => {
    for (const method of bridgeMethods) ipcMain.removeHandler(channelOf(method));
  };
}

function senderOf(event: IpcMainInvokeEvent): IpcSenderInfo {
  let frame: IpcSenderInfo['frame'] = null;
  try {
    // senderFrame is null (or throws, in older Electrons) when the frame navigated away or is gone.
    const sender = event.senderFrame;
    if (sender) frame = { url: sender.url, isMainFrame: sender.parent === null };
  } catch {
    frame = null;
  }
  return { webContentsId: event.sender.id, frame };
}

import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { allChannels, type AnyChannel } from '../common/all-channels.js';
import type { Result } from '../common/contract.js';

/**
 * One ipcMain handler per contract channel (patron and technician). Only the kiosk window's own page, showing the app's own URL,
 * may call them: anything else (a frame that navigated away, another webContents) gets "unknown sender"
 * and its call never reaches the core. The router checks every argument against the contract.
 */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle'>,
  trusted: () => { contents: WebContents; appUrl: string } | undefined,
  dispatch: (channel: AnyChannel, args: unknown) => Promise<Result<unknown>>,
): void {
  const fromOurPage = (event: IpcMainInvokeEvent) => {
    const ours = trusted();
    if (!ours || event.sender !== ours.contents) return false;
    const frameUrl = event.senderFrame?.url ?? '';
    return frameUrl.split('#')[0] === ours.appUrl.split('#')[0];
  };
  // Every channel, the technician's included: the core checks their session token, not this bridge.
  for (const channel of Object.keys(allChannels) as AnyChannel[]) {
    ipcMain.handle(channel, (event, args: unknown) =>
      fromOurPage(event) ? dispatch(channel, args) : { ok: false, error: 'unknown sender' },
    );
  }
}

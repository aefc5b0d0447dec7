import { randomUUID } from 'node:crypto';
import { Notification } from 'electron';
import type { HubNotification } from './model/notification-policy';
import { parseToastActivation, type ToastActivation, toastIsGone, toastXml } from './model/toast';

/**
 * Toasts kept referenced until the user dismisses or clicks them: a collected Notification loses its click
 * handler. Action Center keeps 20 per app by default, so older ones are gone from there anyway.
 */
const MAX_KEPT = 20;
/** Toast ids already acted on: Windows may report one click both to the live object and to the activator. */
const MAX_REMEMBERED = 200;

export interface Notifier {
  show(notification: Pick<HubNotification, 'title' | 'body'> & { runId?: string }): void;
  /**
   * Starts taking clicks that arrive without a live Notification (Action Center after the app forgot the
   * toast, or the click that started the app); one that came before this call is handed over now.
   */
  listenForActivations(): void;
}

/**
 * Windows toasts (via the AppUserModelId set in main.ts) and notifications elsewhere. A click opens the window
 * on the run: from the toast itself, from Action Center, and after a restart (the toast XML carries the run).
 */
export function createNotifier(options: {
  /** A PNG: Windows draws no .ico in a toast. */
  icon?: string;
  onClick: (runId: string | undefined) => void;
}): Notifier {
  // Windows' Electron (≥ 45) hands clicks on toasts it no longer holds to handleActivation; those toasts are
  // written as XML so that they carry their run. Elsewhere a notification's own `click` is all there is.
  const activations = typeof Notification.handleActivation === 'function';
  const kept = new Map<string, Notification>();
  const acted = new Set<string>();
  let warnedUnsupported = false;

  const activate = ({ toastId, runId }: ToastActivation): void => {
    kept.delete(toastId);
    if (acted.has(toastId)) return;
    acted.add(toastId);
    if (acted.size > MAX_REMEMBERED) acted.delete(acted.values().next().value as string);
    options.onClick(runId ?? undefined);
  };

  return {
    show({ title, body, runId }) {
      if (!Notification.isSupported()) {
        if (!warnedUnsupported) console.error('Automation Hub: this system shows no notifications.');
        warnedUnsupported = true;
        return;
      }
      const activation: ToastActivation = { toastId: randomUUID(), runId: runId ?? null };
      const toast = new Notification(
        activations
          ? {
              id: activation.toastId,
              toastXml: toastXml({
                title,
                body,
                activation,
                ...(options.icon ? { logoPng: options.icon } : {}),
              }),
            }
          : { id: activation.toastId, title, body, ...(options.icon ? { icon: options.icon } : {}) },
      );
      toast.on('click', () => activate(activation));
      toast.on('close', (details) => {
        if (toastIsGone(details?.reason)) kept.delete(activation.toastId);
      });
      toast.on('failed', (_event, error) => {
        kept.delete(activation.toastId);
        console.error(`Automation Hub: the notification "${title}" could not be shown: ${error}`);
      });
      kept.set(activation.toastId, toast);
      if (kept.size > MAX_KEPT) kept.delete(kept.keys().next().value as string);
      toast.show();
    },
    listenForActivations() {
      if (!activations) return;
      Notification.handleActivation((details) => {
        const activation = parseToastActivation(details.arguments ?? '');
        if (activation) activate(activation);
        // A click on a toast this version did not write (an older one's, still in Action Center) opens the window.
        else if (details.type === 'click') options.onClick(undefined);
      });
    },
  };
}

import { Notification } from 'electron';
import type { HubNotification } from './model/notification-policy';

/** Notifications kept alive until clicked or closed: a collected Notification loses its click handler. */
const MAX_KEPT = 20;

export interface Notifier {
  show(notification: Pick<HubNotification, 'title' | 'body'> & { runId?: string }): void;
}

/** Windows toasts (via the AppUserModelId set in main.ts). A click opens the window on the run. */
export function createNotifier(options: {
  icon?: string;
  onClick: (runId: string | undefined) => void;
}): Notifier {
  const kept = new Set<Notification>();
  return {
    show({ title, body, runId }) {
      if (!Notification.isSupported()) return;
      const toast = new Notification({ title, body, ...(options.icon ? { icon: options.icon } : {}) });
      const release = () => kept.delete(toast);
      toast.on('click', () => {
        release();
        options.onClick(runId);
      });
      toast.on('close', release);
      toast.on('failed', (_event, error) => {
        release();
        console.error('Automation Hub: a notification could not be shown:', error);
      });
      kept.add(toast);
      if (kept.size > MAX_KEPT) {
        const oldest = kept.values().next().value;
        if (oldest) kept.delete(oldest);
      }
      toast.show();
    },
  };
}

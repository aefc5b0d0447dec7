// Notifications as Windows and Electron 45 treat them. A shown toast sits on screen, then moves to Action
// Center: Electron emits `close` with reason `timedOut` although it can still be clicked there. The JS
// Notification is an ordinary object: once the app drops it, garbage collection takes its event handlers
// with it. A click reaches a live object as `click` (Windows' in-process Activated event); a click on a toast
// whose object is gone, or the click that started the app, goes through the COM activator to
// Notification.handleActivation, with the toast's launch arguments, replayed if the app registers later.
// toastXml must be well-formed (else `failed`, "XML: Invalid XML"). FAKE_TOASTS=windows provides
// handleActivation as Electron does on Windows; FAKE_NOTIFICATIONS=unsupported makes isSupported() false.
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { electronEvent, fake, violation } from './state.mjs';
import { parseToastXml } from './toast-xml.mjs';

const windowsToasts = process.env.FAKE_TOASTS === 'windows';
/** Toasts Windows shows or keeps in Action Center: { id, title, body, launch, where, object (WeakRef) }. */
export const toastCenter = [];
let activationHandler = null;
let pendingActivation = process.env.FAKE_PENDING_ACTIVATION
  ? JSON.parse(process.env.FAKE_PENDING_ACTIVATION)
  : null;

export class Notification extends EventEmitter {
  static isSupported() {
    return process.env.FAKE_NOTIFICATIONS !== 'unsupported';
  }
  constructor(options = {}) {
    super();
    if (!fake.ready) violation('a Notification before the app was ready');
    this.id = options.id || randomUUID();
    this.options = options;
  }
  show() {
    if (!Notification.isSupported()) {
      violation('Notification.show() where notifications are unsupported');
      return;
    }
    let content = { title: this.options.title ?? '', body: this.options.body ?? '', launch: null };
    if (this.options.toastXml !== undefined) {
      const parsed = parseToastXml(this.options.toastXml);
      if (!parsed.ok) {
        const error = `XML: Invalid XML (${parsed.error})`;
        fake.trace.toastFailures.push(error);
        setImmediate(() => this.emit('failed', electronEvent(), error));
        return;
      }
      content = { title: parsed.texts[0] ?? '', body: parsed.texts[1] ?? '', launch: parsed.launch };
    }
    toastCenter.push({ id: this.id, ...content, where: 'screen', object: new WeakRef(this) });
    setImmediate(() => this.emit('show', electronEvent()));
  }
  close() {
    const toast = toastCenter.find((t) => t.id === this.id);
    if (toast) toast.where = 'gone';
  }
}

if (windowsToasts) {
  Notification.handleActivation = (callback) => {
    activationHandler = callback;
    if (pendingActivation) {
      const details = pendingActivation;
      pendingActivation = null;
      callback(details);
    }
  };
}

/** What a scenario does with toasts. */
export const toasts = {
  /** The toast leaves the screen for Action Center. */
  timeOut(toast) {
    toast.where = 'action-center';
    toast.object.deref()?.emit('close', electronEvent({ reason: 'timedOut' }));
  },
  /** The user dismisses it (its × or a swipe). */
  dismiss(toast) {
    toast.where = 'gone';
    toast.object.deref()?.emit('close', electronEvent({ reason: 'userCanceled' }));
  },
  /** The user clicks it, on screen or in Action Center, after the app had time to drop what it does not keep. */
  async click(toast) {
    if (toast.where === 'gone') throw new Error(`toast ${toast.id} is no longer there to click`);
    toast.where = 'gone';
    await collectGarbage();
    const live = toast.object.deref();
    if (live) {
      live.emit('click', electronEvent());
      return 'click';
    }
    if (!windowsToasts) return 'lost';
    const details = { type: 'click', arguments: toast.launch ?? '' };
    if (activationHandler) activationHandler(details);
    else pendingActivation = details;
    return 'activation';
  },
  find(predicate) {
    return toastCenter.find(predicate);
  },
};

async function collectGarbage() {
  if (typeof globalThis.gc !== 'function') throw new Error('run the fake with --expose-gc');
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    globalThis.gc();
  }
}

import { pathToFileURL } from 'node:url';

/**
 * Windows toasts that still open their run when clicked in Action Center after the app forgot them (or after
 * a restart): the toast carries its own launch arguments, and Windows hands them back to
 * Notification.handleActivation through the app's COM activator. Electron's built-in toast has no launch
 * arguments, so the app writes the toast XML itself.
 */

/** What a click on a toast asks for. */
export interface ToastActivation {
  /** The toast's id (its Windows tag), to act on one click once when Windows reports it twice. */
  toastId: string;
  /** The run the toast is about; null for a toast about the app itself. */
  runId: string | null;
}

/**
 * `type=click&tag=<toast id>&run=<run id>`: Electron's activator reads `type` (click) and `tag` (to also fire
 * the live Notification's `click`); `run` is ours. Values are percent-encoded, so `&` and `=` stay separators.
 */
export function toastLaunchArguments(activation: ToastActivation): string {
  const run = activation.runId === null ? '' : `&run=${encodeURIComponent(activation.runId)}`;
  return `type=click&tag=${encodeURIComponent(activation.toastId)}${run}`;
}

/** The activation a toast's launch arguments describe; null for arguments that are not one of ours. */
export function parseToastActivation(args: string): ToastActivation | null {
  const fields = new Map<string, string>();
  for (const pair of args.split('&')) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    try {
      fields.set(pair.slice(0, at), decodeURIComponent(pair.slice(at + 1)));
    } catch {
      return null;
    }
  }
  const toastId = fields.get('tag');
  if (fields.get('type') !== 'click' || !toastId) return null;
  const runId = fields.get('run');
  return { toastId, runId: runId ? runId : null };
}

/** What a toast shows and does when clicked. */
export interface ToastContent {
  title: string;
  body: string;
  activation: ToastActivation;
  /** A PNG shown as the toast's logo (Windows draws no .ico there). */
  logoPng?: string;
}

/**
 * The toast as Windows' ToastGeneric XML: title, body, logo, and the launch arguments. `activationType`
 * foreground: a click brings the app (started by COM when it is not running) to the front.
 */
export function toastXml(content: ToastContent): string {
  const logo = content.logoPng
    ? `<image placement="appLogoOverride" src="${xmlText(pathToFileURL(content.logoPng).href)}"/>`
    : '';
  return (
    `<toast launch="${xmlText(toastLaunchArguments(content.activation))}" activationType="foreground">` +
    '<visual><binding template="ToastGeneric">' +
    `<text>${xmlText(content.title)}</text><text>${xmlText(content.body)}</text>${logo}` +
    '</binding></visual></toast>'
  );
}

/**
 * Text safe in XML content and attribute values. Job output quoted in a body may hold characters XML 1.0
 * forbids (control characters, lone surrogates): Windows would refuse the whole toast ("XML: Invalid XML"),
 * so they become spaces.
 */
export function xmlText(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing what XML forbids is the point.
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, ' ')
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, ' ')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

/**
 * Whether a toast's `close` means it is gone. Windows reports `timedOut` when the toast leaves the screen for
 * Action Center, where it can still be clicked: the app keeps it (a collected Notification loses its click
 * handler). `userCanceled` (dismissed) and `applicationHidden` end it; without a reason (other systems) a
 * closed notification is gone too.
 */
export function toastIsGone(reason: string | undefined): boolean {
  return reason !== 'timedOut';
}

/**
 * The one-line, user-facing message of anything thrown: a HubError's `file: field: message` form, an Error's
 * message (never "Error: …" nor a stack), or the value as text. A HubError whose message already starts with
 * its file (a job file's problems, formatted with their position) keeps its message, so the file is not named
 * twice. Shared so that the CLI, the app, the window and core's own problem reports word errors alike.
 */
export function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const file = (error as { file?: unknown }).file;
  if (typeof file === 'string' && file !== '' && error.message.startsWith(file)) return error.message;
  // HubError overrides toString() to name the file and field; a plain Error's would print "Error: …".
  return error.toString !== Error.prototype.toString ? error.toString() : error.message;
}

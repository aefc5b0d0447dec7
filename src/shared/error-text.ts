/**
 * The one-line, user-facing message of anything thrown: a HubError's `file: field: message` form, an Error's
 * message (never "Error: …", Node's "TypeError [ERR_…]: …" nor a stack), or the value as text. A HubError whose
 * message already starts with its file (a job file's problems, formatted with their position) keeps its
 * message, so the file is not named twice. Shared so that the CLI, the app, the window and core's own problem
 * reports word errors alike.
 */
export function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // HubError's fields, read by shape: shared code cannot import core's class.
  const { file, field } = error as { file?: unknown; field?: unknown };
  if (typeof file === 'string' && file !== '' && error.message.startsWith(file)) return error.message;
  const place = [file, field].filter((part): part is string => typeof part === 'string' && part !== '');
  return [...place, error.message].join(': ');
}

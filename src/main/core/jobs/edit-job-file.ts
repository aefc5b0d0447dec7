import { readFile, writeFile } from 'node:fs/promises';
import { applyEdits, modify } from 'jsonc-parser';
import { errorText } from '../../../shared/error-text';
import { HubError } from '../errors';

/**
 * Sets one top-level field of a job file in place, keeping the user's formatting, comments of layout and key
 * order (jsonc-parser edits only the value's text). Used by the window's "enabled" toggle.
 */
export async function setJobFileField(file: string, field: 'enabled', value: boolean): Promise<void> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new HubError('job-file-unreadable', `cannot read the job file: ${errorText(error)}`, {
      file,
    });
  }
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const body = bom ? text.slice(1) : text;
  const eol = body.includes('\r\n') ? '\r\n' : '\n';
  const edits = modify(body, [field], value, { formattingOptions: { insertSpaces: true, tabSize: 2, eol } });
  await writeFile(file, bom + applyEdits(body, edits), 'utf8');
}

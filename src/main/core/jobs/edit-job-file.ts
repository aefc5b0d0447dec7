import { open, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { applyEdits, modify } from 'jsonc-parser';
import { errorText } from '../../../shared/error-text';
import { HubError } from '../errors';
import { PRIVATE_FILE_MODE } from '../private-files';
import { randomUUID } from '../random';

/** How a job file's text is stored, so that an edit writes it back the same way. */
type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

const BOMS: Record<Encoding, number[]> = {
  'utf-8': [0xef, 0xbb, 0xbf],
  'utf-16le': [0xff, 0xfe],
  'utf-16be': [0xfe, 0xff],
};

// The encodings the library loads (read-job-file: UTF-8 with or without a BOM, UTF-16 with one).
function detect(bytes: Buffer): { encoding: Encoding; bom: boolean } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', bom: true };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', bom: true };
  return { encoding: 'utf-8', bom: bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf };
}

function decode(bytes: Buffer, encoding: Encoding, bom: boolean): string {
  const body = bytes.subarray(bom ? BOMS[encoding].length : 0);
  return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(body);
}

function encode(text: string, encoding: Encoding, bom: boolean): Buffer {
  let body: Buffer;
  if (encoding === 'utf-8') body = Buffer.from(text, 'utf8');
  else {
    body = Buffer.from(text, 'utf16le');
    if (encoding === 'utf-16be') body.swap16();
  }
  return bom ? Buffer.concat([Buffer.from(BOMS[encoding]), body]) : body;
}

/**
 * Sets one top-level field of a job file in place, keeping the user's formatting, comments, key order, line
 * endings and encoding (UTF-8 with or without a BOM, UTF-16 as Windows PowerShell writes it): jsonc-parser edits
 * only the value's text. The new file is written beside the old one and renamed over it, so a crash or a full
 * disk leaves the old file or the new one, never half of either. Used by the window's "enabled" toggle and
 * `automation-hub enable | disable`.
 */
export async function setJobFileField(file: string, field: 'enabled', value: boolean): Promise<void> {
  let bytes: Buffer;
  let mode: number;
  try {
    bytes = await readFile(file);
    mode = (await stat(file)).mode & 0o777;
  } catch (error) {
    throw new HubError('job-file-unreadable', `cannot read the job file: ${errorText(error)}`, { file });
  }
  const { encoding, bom } = detect(bytes);
  let text: string;
  try {
    text = decode(bytes, encoding, bom);
  } catch {
    throw new HubError(
      'job-file-unreadable',
      `is not ${encoding.toUpperCase()} text: fix the file's encoding`,
      {
        file,
      },
    );
  }
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const edits = modify(text, [field], value, { formattingOptions: { insertSpaces: true, tabSize: 2, eol } });
  await replaceAtomically(file, encode(applyEdits(text, edits), encoding, bom), mode);
}

// A dot name: the library and the file triggers ignore it while it exists.
async function replaceAtomically(file: string, bytes: Buffer, mode: number): Promise<void> {
  const temp = join(dirname(file), `.${basename(file)}.${randomUUID().slice(0, 8)}.tmp`);
  try {
    const handle = await open(temp, 'wx', mode || PRIVATE_FILE_MODE);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw new HubError('job-file-unwritable', `could not save the job file: ${errorText(error)}`, { file });
  }
}

import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { HubError } from '../../src/main/core/errors';
import { errorText } from '../../src/shared/error-text';

describe('errorText', () => {
  it("words a HubError as file: field: message, and an Error as its message (never 'Error: …')", () => {
    const hubError = new HubError('job-invalid', 'must be ≥ 0 (got -5)', {
      file: 'jobs/backup.json',
      field: 'process.timeoutMinutes',
    });
    expect(errorText(hubError)).toBe('jobs/backup.json: process.timeoutMinutes: must be ≥ 0 (got -5)');
    expect(errorText(new HubError('hub-stopping', 'the hub is stopping'))).toBe('the hub is stopping');
    expect(errorText(new TypeError('Unknown option --x'))).toBe('Unknown option --x');
    expect(errorText(Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' }))).toBe(
      'ENOENT: no such file',
    );
  });

  it("words Node's own errors by their message, without Node's 'TypeError [ERR_…]:' prefix", () => {
    let thrown: unknown;
    try {
      parseArgs({ args: ['--bogus'], options: {} });
    } catch (error) {
      thrown = error;
    }
    expect(String(thrown)).toMatch(/^TypeError \[ERR_PARSE_ARGS_UNKNOWN_OPTION\]: /);
    expect(errorText(thrown)).toMatch(/^Unknown option '--bogus'/);
  });

  it('does not name the file twice when the message already starts with it', () => {
    const positioned = new HubError('job-invalid', 'jobs/a.json:4:23: process.timeoutMinutes: must be ≥ 0', {
      file: 'jobs/a.json',
    });
    expect(errorText(positioned)).toBe('jobs/a.json:4:23: process.timeoutMinutes: must be ≥ 0');
  });

  it('turns anything else thrown into text', () => {
    expect(errorText('plain string')).toBe('plain string');
    expect(errorText(42)).toBe('42');
    expect(errorText(undefined)).toBe('undefined');
  });
});

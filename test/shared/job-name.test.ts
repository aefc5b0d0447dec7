import { describe, expect, it } from 'vitest';
import { jobNameKey, sameJobName } from '../../src/shared/job-name';

describe('job names', () => {
  it('compare without regard to case, as Windows compares file names', () => {
    expect(sameJobName('Inbox', 'inbox')).toBe(true);
    expect(sameJobName('NIGHTLY EXPORT', 'Nightly export')).toBe(true);
    expect(sameJobName('Größe', 'GRÖßE')).toBe(true);
    expect(jobNameKey('Inbox')).toBe(jobNameKey('INBOX'));
  });

  it('compare an accented letter typed either way as one', () => {
    // "é" as one code point, and as "e" followed by a combining accent.
    expect(sameJobName('Caf\u00e9', 'CAFE\u0301')).toBe(true);
  });

  it('still tell different names apart', () => {
    expect(sameJobName('Inbox', 'Inbox 2')).toBe(false);
    expect(sameJobName('Inbox', 'Inbox ')).toBe(false);
    expect(sameJobName('Backup', 'Back-up')).toBe(false);
  });
});

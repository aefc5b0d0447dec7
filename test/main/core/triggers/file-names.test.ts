import { describe, expect, it } from 'vitest';
import { createNameFilter } from '../../../../src/main/core/triggers/file-names';
import { isTempName } from '../../../../src/main/core/triggers/temp-names';

describe('isTempName', () => {
  it.each(['a.tmp', 'A.TMP', 'report.csv.part', 'setup.exe.crdownload', '~$budget.xlsx'])(
    '%s is temporary',
    (name) => {
      expect(isTempName(name)).toBe(true);
    },
  );

  it.each(['a.csv', 'tmp.csv', 'partner.txt', 'a~$b.txt'])('%s is not', (name) => {
    expect(isTempName(name)).toBe(false);
  });
});

describe('createNameFilter', () => {
  it('matches the pattern against the name and leaves temp names and dot-files out', () => {
    const wanted = createNameFilter('*.csv', 'linux');
    expect(['a.csv', 'a.txt', 'x.csv.part', '~$a.csv', '.sync.csv'].filter(wanted)).toEqual(['a.csv']);
    expect(createNameFilter('*', 'linux')('anything.bin')).toBe(true);
    expect(createNameFilter('.*.csv', 'linux')('.hidden.csv')).toBe(true);
  });

  it('ignores case on Windows only', () => {
    expect(createNameFilter('*.csv', 'win32')('REPORT.CSV')).toBe(true);
    expect(createNameFilter('*.csv', 'linux')('REPORT.CSV')).toBe(false);
  });
});

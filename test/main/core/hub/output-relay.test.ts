import { describe, expect, it } from 'vitest';
import { OutputRelay, RELAY_MAX_BYTES } from '../../../../src/main/core/hub/output-relay';

describe('OutputRelay', () => {
  it('batches a run output into one delivery per period', async () => {
    const delivered: [string, string][] = [];
    const relay = new OutputRelay((runId, text) => delivered.push([runId, text]));
    relay.push('a', Buffer.from('one\n'));
    relay.push('a', Buffer.from('two\n'));
    relay.push('b', Buffer.from('other\n'));
    expect(delivered).toEqual([]);
    await new Promise((r) => setTimeout(r, 400));
    expect(delivered.sort()).toEqual([
      ['a', 'one\ntwo\n'],
      ['b', 'other\n'],
    ]);
    relay.stop();
  });

  it('keeps only the newest bytes of a flood, and flushes a finished run at once', () => {
    const delivered: string[] = [];
    const relay = new OutputRelay((_runId, text) => delivered.push(text));
    for (let i = 0; i < 1000; i++) relay.push('flood', Buffer.from(`${String(i).padStart(99, '.')}\n`));
    relay.flush('flood');
    expect(delivered).toHaveLength(1);
    expect(Buffer.byteLength(delivered[0] ?? '')).toBeLessThanOrEqual(RELAY_MAX_BYTES);
    expect(delivered[0]?.endsWith(`${'999'.padStart(99, '.')}\n`)).toBe(true);
    relay.stop();
  });
});

import { readFile, writeFile } from 'node:fs/promises';
import type { ScenarioResult } from './context';
import type { MachineInfo } from './machine';

export const BEGIN_MARKER = '<!-- bench:results:begin -->';
export const END_MARKER = '<!-- bench:results:end -->';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function metText(met: boolean | null): string {
  if (met === null) return '';
  return met ? 'met' : '**missed**';
}

/** The results as one Markdown table (the same text goes to the terminal and to docs/benchmarks.md). */
export function renderTable(results: readonly ScenarioResult[]): string {
  const lines = [
    '| # | Scenario | Metric | Automation Hub | Peer | Ratio | Target | Result |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const result of results) {
    result.rows.forEach((row, index) => {
      const head = index === 0 ? [String(result.id), `${result.title} — peer: ${result.peer}`] : ['', ''];
      lines.push(
        `| ${[...head, row.metric, row.hub, row.peer, row.ratio, row.target, metText(row.met)].map(cell).join(' | ')} |`,
      );
    });
  }
  return lines.join('\n');
}

export function renderMachine(machine: MachineInfo, quick: boolean, seconds: number): string {
  return [
    `Measured ${machine.date} on: ${machine.cpu}, ${machine.cores} cores, ${machine.memory} RAM, ${machine.os}, Node ${machine.node}.`,
    `Mode: ${quick ? 'quick (reduced N: not for publication)' : 'full'}; the whole run took ${seconds.toFixed(0)} s.`,
  ].join('\n');
}

export function renderNotes(results: readonly ScenarioResult[]): string {
  const lines: string[] = [];
  for (const result of results) {
    const orphans = result.cleanup?.orphans ?? [];
    const cleanup = result.cleanup
      ? `cleanup: ${result.cleanup.checked} processes checked, ${orphans.length === 0 ? 'none left behind' : `${orphans.length} left behind and killed by the harness (${orphans.join(', ')})`}`
      : '';
    const notes = [...result.notes, ...(cleanup ? [cleanup] : [])];
    if (notes.length === 0) continue;
    lines.push(`**${result.id}. ${result.title}**`, '');
    for (const note of notes) lines.push(`- ${note}`);
    lines.push('');
  }
  return lines.join('\n').trimEnd();
}

/** Replaces what lies between the markers in `file` (the markers stay); the file must already have them. */
export async function rewriteBetweenMarkers(file: string, content: string): Promise<boolean> {
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === null) return false;
  const begin = text.indexOf(BEGIN_MARKER);
  const end = text.indexOf(END_MARKER);
  if (begin < 0 || end < begin) return false;
  const next = `${text.slice(0, begin + BEGIN_MARKER.length)}\n${content}\n${text.slice(end)}`;
  await writeFile(file, next);
  return true;
}

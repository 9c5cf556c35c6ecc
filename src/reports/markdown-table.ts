/** Markdown pieces both reports use. */

export const dash = '—';
export const minute = (text: string) => `${text.slice(0, 16).replace('T', ' ')}Z`;
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const row = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;

export const table = (head: readonly string[], rows: readonly (readonly string[])[]) => [
  row(head),
  row(head.map(() => '---')),
  ...rows.map(row),
];

export const orDash = <T>(value: T | null, format: (v: T) => string) =>
  value === null ? dash : format(value);

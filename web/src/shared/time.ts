/** A moment as the reader's locale writes it: "Nov 22, 2026, 1:53 AM". */
export function formatTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

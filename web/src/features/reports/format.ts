/** Figures as the report page shows them (the Markdown's wording). */
export const cpu = (v: number | null) =>
  v === null
    ? '–'
    : v < 1
      ? `${Math.round(v * 1000)}m`
      : v === 1
        ? '1 core'
        : `${Number(v.toFixed(2))} cores`;
export const bytes = (v: number | null) =>
  v === null
    ? '–'
    : v >= 2 ** 30
      ? `${Number((v / 2 ** 30).toFixed(2))} GiB`
      : `${Number((v / 2 ** 20).toFixed(1))} MiB`;
export function hours(h: number): string {
  const minutes = Math.round(h * 60);
  if (minutes < 60) return `${minutes} min`;
  const m = minutes % 60;
  return m ? `${Math.floor(minutes / 60)} h ${m} min` : `${minutes / 60} h`;
}

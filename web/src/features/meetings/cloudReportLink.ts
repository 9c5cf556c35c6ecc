/**
 * The portal page of the cloud's report an agenda item points to: the monthly job puts the
 * report's Markdown address in the item's notes (…/api/v1/report.md?from=…&to=…), and the
 * portal shows the same period on its own page. Null when the notes name no such report.
 */
export function cloudReportLink(notes: string | null): string | null {
  const match = notes?.match(
    /\/api\/v1\/report(?:\.md)?\?(from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2})/,
  );
  return match ? `/report?${match[1]}` : null;
}

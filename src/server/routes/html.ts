/**
 * Small server-rendered pages (signed out, the CLI's token). Each has a way back to the portal,
 * and an empty icon (no request for /favicon.ico, which would be a 404). No inline script or style:
 * the strict Content-Security-Policy from app.ts applies to them as to everything else.
 */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"><title>${escapeHtml(title)} · opf</title></head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${body}
<p><a href="/">Back to the portal</a></p>
</main>
</body>
</html>
`;
}

// The boot entry: the stylesheets, the theme, and the portal's code (start.tsx) after the
// server's HTML is on screen. Evaluating React, PatternFly and the router is one long task
// (0.4–0.9 s on two busy cores); run from index.html's module script it came before the first
// paint, so a server-rendered page showed nothing until it ended. Its CSS stays in the head
// (web/paint-first.ts) and its code is preloaded, so only the evaluation waits for the paint.
import '@patternfly/react-core/dist/styles/base.css';
import './app/app.css';
import { PRERENDERED_DATA_ID } from './shared/prerender-id.ts';
import { applyStoredTheme } from './shared/stored-theme.ts';

applyStoredTheme();

let started = false;
function start(): void {
  if (started) return;
  started = true;
  void import('./start.tsx');
}

if (document.getElementById(PRERENDERED_DATA_ID) && document.visibilityState === 'visible') {
  // After the first paint (which waits for the head's stylesheets): a frame's callback runs
  // before it, a task queued there after it.
  requestAnimationFrame(() => setTimeout(start, 0));
  // A tab hidden meanwhile runs no frames: start then.
  document.addEventListener('visibilitychange', start, { once: true });
} else start();

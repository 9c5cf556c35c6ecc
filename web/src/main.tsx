import './zod-jitless.ts';
import '@patternfly/react-core/dist/styles/base.css';
import './app/app.css';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { restoreSession } from './shared/session.ts';
import { applyStoredTheme } from './shared/theme.ts';

applyStoredTheme();
void restoreSession();
const container = document.getElementById('root');
if (container) createRoot(container).render(<App />);

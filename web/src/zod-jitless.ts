import { config } from 'zod/v4/core';

// The CSP forbids eval, and zod tries it when an object schema is built (its compiled fast
// path). Imported first by main.tsx, so no schema is built before this runs.
config({ jitless: true });

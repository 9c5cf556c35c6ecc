// The CSP forbids eval, and zod tries it when an object schema is built (its compiled fast
// path). Imported first by main.tsx, so no schema is built before this runs. zod keeps its
// configuration on this global (shared by every copy of zod); setting it here, rather than
// through `config()` from 'zod/v4/core', keeps zod out of the entry bundle: only the pages
// that validate (the wizard, the request pages) load it.
const holder = globalThis as { __zod_globalConfig?: { jitless?: boolean } };
holder.__zod_globalConfig ??= {};
holder.__zod_globalConfig.jitless = true;

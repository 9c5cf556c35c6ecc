// The layering of docs/adr/0003-layout.md, checked on every import by `npm run lint:deps`
// (part of `npm run lint`, so CI runs it). A test keeps LAYERS equal to the ADR's table.

/** Each src folder, and the other src folders it may import (through their index.ts). */
export const LAYERS = {
  core: [],
  store: ['core'],
  forge: ['core'],
  gitops: ['core'],
  jobs: ['store'],
  identity: ['core', 'store'],
  delivery: ['core', 'forge', 'gitops'],
  onboarding: ['core', 'store'],
  community: ['core', 'jobs', 'onboarding', 'store'],
  incidents: ['community', 'core', 'forge', 'jobs', 'store'],
  engagement: ['community', 'core', 'jobs', 'onboarding', 'store'],
  telemetry: ['core', 'jobs', 'store'],
  config: ['community', 'core', 'engagement', 'gitops', 'identity', 'incidents', 'telemetry'],
  provisioning: ['config', 'core', 'delivery', 'forge', 'gitops', 'jobs', 'onboarding', 'store'],
  seed: ['community', 'core', 'onboarding', 'store'],
  reports: ['community', 'core', 'engagement', 'jobs', 'onboarding', 'store', 'telemetry'],
  server: [
    'community',
    'core',
    'engagement',
    'identity',
    'incidents',
    'onboarding',
    'provisioning',
    'reports',
    'store',
    'telemetry',
  ],
  cli: [
    'community',
    'config',
    'core',
    'engagement',
    'gitops',
    'incidents',
    'jobs',
    'onboarding',
    'provisioning',
    'reports',
    'seed',
    'server',
    'store',
    'telemetry',
  ],
};

const FOLDERS = Object.keys(LAYERS);
const any = (names) => `(${names.join('|')})`;

/** One rule per folder: an import of a src folder not in its list is against the layers. */
const arrowRules = FOLDERS.map((folder) => ({
  name: `layers-${folder}`,
  comment: `src/${folder} may import only ${LAYERS[folder].join(', ') || 'no other src folder'} (docs/adr/0003-layout.md)`,
  severity: 'error',
  from: { path: `^src/${folder}/` },
  to: { path: '^src/[^/]+/', pathNot: `^src/${any([folder, ...LAYERS[folder]])}/` },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'through-index-only',
      comment: 'Another src folder is imported only through its index.ts (its public API).',
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: { path: '^src/[^/]+/', pathNot: ['^src/$1/', '^src/[^/]+/index\\.ts$'] },
    },
    {
      name: 'folder-in-the-adr',
      comment: 'A new src folder needs its place (and arrows) in docs/adr/0003-layout.md first.',
      severity: 'error',
      from: { path: '^src/', pathNot: `^src/${any(FOLDERS)}/` },
      to: {},
    },
    ...arrowRules,
    {
      name: 'no-folder-cycles',
      comment: 'Folders depend on each other in one direction only.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { path: '^src/', circular: true },
    },
    {
      name: 'no-module-cycles',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^src/', circular: true },
    },
    {
      name: 'src-stands-alone',
      comment: 'The libraries never import the tests, benchmarks, scripts or the portal.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench|scripts|web|bin)/' },
    },
    {
      name: 'portal-uses-core-only',
      comment: 'The portal bundles src/core (schemas, names) and nothing else from src.',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^src/', pathNot: '^src/core/index\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/' },
    // Type-only imports count: a type from another layer is a dependency on it.
    tsPreCompilationDeps: true,
  },
};

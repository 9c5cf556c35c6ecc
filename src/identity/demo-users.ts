/**
 * The demo users of the embedded default: on a fresh `npm start` nobody can sign in (no
 * GitHub app, no OIDC issuer), so the journeys could not be walked in the browser. The
 * sign-in page then offers these two, with one click, labelled as a demo. Never offered
 * when a provider is configured or opf listens beyond loopback (docs/adr/0023).
 */
export const DEMO_USERS = [
  {
    id: 'developer',
    login: 'demo-developer',
    displayName: 'Demo developer',
    role: 'user',
    description: 'brings a project: the wizard, the request, its comments',
  },
  {
    id: 'ops',
    login: 'demo-ops',
    displayName: 'Demo ops engineer',
    role: 'ops',
    description: 'runs the week: the review queue, the coordination meeting, announcements',
  },
] as const;
export const DEMO_OPS_LOGIN = 'demo-ops';
export type DemoUserId = (typeof DEMO_USERS)[number]['id'];

/** The provider name sessions of demo users carry (audit log, sessions table). */
export const DEMO_PROVIDER = 'demo';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host) || host.startsWith('127.');
}

/** A client address as Fastify gives it (IPv4, IPv6, or IPv4-mapped IPv6). */
export function isLoopbackAddress(address: string): boolean {
  const plain = address.replace(/^::ffff:/, '');
  return plain === '::1' || plain.startsWith('127.');
}

/**
 * Whether a server may offer demo sign-in at all: it listens on loopback only, it was
 * started with demo data, and no real sign-in provider is configured.
 */
export function demoSignInAllowed(options: {
  host: string;
  demoData: boolean;
  providers: number;
}): boolean {
  return options.demoData && options.providers === 0 && isLoopbackHost(options.host);
}

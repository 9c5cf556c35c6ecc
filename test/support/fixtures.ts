import { type RequestSpec, SEED_TERMS } from '../../src/core/index.ts';

/** A valid request for `name`, with namespaces `<name>-dev` on moc/smaug; override as needed. */
export function validRequest(name: string, overrides: Partial<RequestSpec> = {}): RequestSpec {
  return {
    project: {
      name,
      displayName: `Project ${name}`,
      description: `The ${name} project.`,
      contacts: [],
    },
    team: { name, owner: 'Alice-Dev', members: ['Alice-Dev', 'bob_openshift.user'] },
    namespaces: [
      {
        name: `${name}-dev`,
        cluster: 'moc/smaug',
        tier: 'small',
        limitRange: true,
        monitoring: false,
      },
    ],
    argocd: { enabled: false, applications: [] },
    terms: { version: SEED_TERMS.version, accepted: SEED_TERMS.items.map((item) => item.id) },
    ...overrides,
  };
}

export const reviewer = { name: 'ops-reviewer', source: 'test' };
export const developer = { name: 'Alice-Dev', source: 'test' };

import { describe, expect, it } from 'vitest';
import type { Cluster, RequestView } from '../../src/core/index.ts';
import { argocdLinks, namespaceLinks } from '../../web/src/features/requests/links.ts';
import { toSpec } from '../../web/src/features/wizard/draft.ts';
import { fromSpec, keepUnedited } from '../../web/src/features/wizard/editDraft.ts';
import { validRequest } from '../support/fixtures.ts';

const capacity = { cpu: '1', memory: '1Gi', storage: '1Gi' };
const clusters: Cluster[] = [
  {
    env: 'moc',
    name: 'smaug',
    displayName: 'Smaug',
    capacity,
    consoleUrl: 'https://console.smaug.example/',
    argocdUrl: 'https://argocd.example',
  },
  { env: 'osc', name: 'osc-cl1', displayName: 'OSC', capacity },
];

function requestOf(spec: ReturnType<typeof validRequest>): RequestView {
  return {
    id: 7,
    version: 3,
    state: 'active',
    projectName: spec.project.name,
    spec,
  } as RequestView;
}

describe('an active request’s links', () => {
  const spec = validRequest('links-lab', {
    namespaces: [
      {
        name: 'links-lab-dev',
        cluster: 'MOC/Smaug',
        tier: 'small',
        limitRange: true,
        monitoring: false,
      },
      {
        name: 'links-lab-osc',
        cluster: 'osc/osc-cl1',
        tier: 'small',
        limitRange: true,
        monitoring: false,
      },
    ],
  });

  it('each namespace in its cluster’s console (any case), or none when the cluster has no console', () => {
    expect(namespaceLinks(requestOf(spec), clusters)).toEqual([
      {
        namespace: 'links-lab-dev',
        cluster: 'MOC/Smaug',
        console: 'https://console.smaug.example/k8s/cluster/projects/links-lab-dev',
      },
      { namespace: 'links-lab-osc', cluster: 'osc/osc-cl1', console: undefined },
    ]);
  });

  it('ArgoCD once per instance, filtered to the team’s AppProject; unknown ones said so', () => {
    expect(argocdLinks(requestOf(spec), clusters)).toEqual([
      { url: 'https://argocd.example/applications?proj=links-lab', clusters: ['moc/smaug'] },
      { url: undefined, clusters: ['osc/osc-cl1'] },
    ]);
  });
});

describe('editing a request in the wizard', () => {
  const spec = validRequest('edit-lab', {
    namespaces: [
      {
        name: 'edit-lab-dev',
        cluster: 'moc/smaug',
        displayName: 'Dev',
        customQuota: { cpu: '3', memory: '6Gi' },
        limitRange: false,
        monitoring: true,
      },
    ],
  });

  it('keeps what the wizard has no field for; a custom quota only while no tier is chosen', () => {
    const draft = fromSpec(spec as RequestView['spec'], spec.terms.version);
    expect(draft.namespaces[0]?.tier).toBe('');
    expect(draft.accepted).toEqual(spec.terms.accepted);
    const unchanged = keepUnedited(toSpec(draft, spec.terms.version), spec as RequestView['spec']);
    expect(unchanged.namespaces[0]).toMatchObject({
      displayName: 'Dev',
      customQuota: { cpu: '3', memory: '6Gi' },
      limitRange: false,
      monitoring: true,
    });
    const tiered = { ...draft, namespaces: [{ ...draft.namespaces[0]!, tier: 'small' }] };
    const changed = keepUnedited(toSpec(tiered, spec.terms.version), spec as RequestView['spec']);
    expect(changed.namespaces[0]).not.toHaveProperty('customQuota');
    expect(changed.namespaces[0]?.tier).toBe('small');
  });

  it('terms accepted under another version are asked again', () => {
    expect(fromSpec(spec as RequestView['spec'], 'a-newer-version').accepted).toEqual([]);
  });
});

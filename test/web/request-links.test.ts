import { describe, expect, it } from 'vitest';
import type { Cluster, RequestView } from '../../src/core/index.ts';
import { argocdLinks, namespaceLinks } from '../../web/src/features/requests/links.ts';
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

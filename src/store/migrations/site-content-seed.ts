import type { SiteContentDocument } from '../site-content-schema.ts';

/**
 * The front page as first published, distilled from the Operate First getting-started texts
 * (the docs site and the operate-first-workloads README). Frozen with its migration: an admin
 * edits the live copy through PUT /api/v1/site.
 */
export const SITE_CONTENT_SEED: SiteContentDocument = {
  title: 'Bring your open-source project to a community cloud',
  intro:
    'If you are an open-source developer interested in bringing your project to an Operate First environment, you have come to the right place: pre-release software runs on a production cloud, operated in the open together with its operators.',
  parts: [
    {
      title: 'Operate First',
      text: 'A concept: bring pre-release open-source software to a production cloud environment, and operate it in the open.',
    },
    {
      title: 'The Open Infrastructure Labs',
      text: 'The upstream where the cloud operators and project developers work in the open to Operate First.',
    },
    {
      title: 'The Mass Open Cloud (MOC)',
      text: 'The production cloud resource where projects are run.',
    },
  ],
  steps: [
    {
      title: 'Introduce your project',
      text: 'Join the general mailing list and introduce your project: what it is, who works on it, what it needs to run.',
    },
    {
      title: 'Ask for namespaces',
      text: 'Fill in "Bring your project": the team and its members, a namespace per cluster with a quota tier, ArgoCD if it should deploy your workload, and accept each term.',
    },
    {
      title: 'Discuss it at the coordination meeting',
      text: 'Your request is reviewed in the open at the Operate First project coordination meeting; ask for an invitation and come along.',
    },
    {
      title: 'Approval lands in the GitOps repository',
      text: 'Once approved, the namespaces, group and quotas are written to the GitOps repository as a commit or pull request, and ArgoCD applies them to the cluster.',
    },
    {
      title: 'Stay engaged',
      text: 'Work with the ops team in the open, answer notices, and bring back what operating taught you to improve your project.',
    },
  ],
  meetings: [
    {
      name: 'Operate First project coordination meeting',
      schedule: 'Alternate Wednesdays, 8:30 AM US Eastern time',
      text: 'Where new projects are introduced and requests are discussed. Ask the ops team for an invitation.',
    },
    {
      name: 'MOC/ODH sprint planning',
      schedule: 'The other Wednesdays, same time slot',
      text: 'The ops team plans the fundamentals of the cloud environment. Ask for the invite once you are committed to joining.',
    },
  ],
  channels: [
    {
      name: 'Operate First on GitHub',
      kind: 'project board',
      url: 'https://github.com/open-infrastructure-labs',
      text: 'Projects work with the ops team in the open here; the infrastructure work is there too.',
    },
    {
      name: 'OI Labs dashboard',
      kind: 'project board',
      url: 'https://github.com/orgs/open-infrastructure-labs/projects/2',
      text: 'An overview of what is happening right now.',
    },
    {
      name: 'Operate First Ops chat',
      kind: 'chat',
      url: null,
      text: 'What is happening right now; you may need an invitation from the ops team.',
    },
    {
      name: 'Operate-first-users',
      kind: 'mailing list',
      url: null,
      text: 'The general mailing list hosted by the MOC: introduce your project here.',
    },
    {
      name: 'Openinfralabs',
      kind: 'mailing list',
      url: 'http://lists.opendev.org/cgi-bin/mailman/listinfo/openinfralabs',
      text: 'The Open Infrastructure Labs mailing list.',
    },
  ],
};

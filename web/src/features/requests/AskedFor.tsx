import {
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
} from '@patternfly/react-core/dist/esm/components/DescriptionList';
import { type Column, DataTable } from '../../shared/components/DataTable.tsx';
import { Panel } from '../../shared/components/Panel.tsx';
import { quotaText } from '../../shared/quota.ts';
import type { QuotaTier, RequestView } from '../../shared/types.ts';

type Namespace = RequestView['spec']['namespaces'][number];

export function AskedFor(props: { spec: RequestView['spec']; tiers: QuotaTier[] }) {
  const tierQuota = (ns: Namespace) => {
    if (ns.customQuota) return `custom: ${quotaText(ns.customQuota)}`;
    const tier = props.tiers.find((t) => t.name === ns.tier);
    return tier ? `${tier.name}: ${quotaText(tier.quota)}` : (ns.tier ?? 'default');
  };
  const columns: Column<Namespace>[] = [
    { title: 'Namespace', cell: (ns) => ns.name },
    { title: 'Cluster', cell: (ns) => ns.cluster },
    { title: 'Quota', cell: tierQuota },
  ];
  const { project, team, argocd } = props.spec;
  return (
    <Panel title="What it asks for" dataTest="asked-for">
      <DescriptionList isCompact isHorizontal>
        <DescriptionListGroup>
          <DescriptionListTerm>Project</DescriptionListTerm>
          <DescriptionListDescription>{project.description}</DescriptionListDescription>
        </DescriptionListGroup>
        <DescriptionListGroup>
          <DescriptionListTerm>Team</DescriptionListTerm>
          <DescriptionListDescription>
            {team.name}: {team.members.join(', ')} (owner {team.owner})
          </DescriptionListDescription>
        </DescriptionListGroup>
        <DescriptionListGroup>
          <DescriptionListTerm>ArgoCD</DescriptionListTerm>
          <DescriptionListDescription>
            {argocd.enabled
              ? argocd.applications
                  .map((a) => `${a.name} from ${a.repoUrl} (${a.path})`)
                  .join('; ') || 'enabled'
              : 'not used'}
          </DescriptionListDescription>
        </DescriptionListGroup>
      </DescriptionList>
      <DataTable
        label="Namespaces asked for"
        dataTest="namespaces-table"
        columns={columns}
        rows={props.spec.namespaces}
        rowKey={(ns) => ns.name}
      />
    </Panel>
  );
}

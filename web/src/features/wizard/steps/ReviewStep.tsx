import {
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
} from '@patternfly/react-core/dist/esm/components/DescriptionList';
import { quotaText } from '../../../shared/quota.ts';
import type { QuotaTier, RequestSpecInput } from '../../../shared/types.ts';

/** The request as it will be sent, in words. */
export function ReviewStep({ spec, tiers }: { spec: RequestSpecInput; tiers: QuotaTier[] }) {
  const tierText = (name: string | undefined) => {
    const tier = tiers.find((t) => t.name === name);
    return tier ? `${tier.name} (${quotaText(tier.quota)})` : (name ?? 'default');
  };
  const rows: [string, string][] = [
    ['Project', `${spec.project.displayName ?? spec.project.name} (${spec.project.name})`],
    ['What it is', spec.project.description],
    ['Team', `${spec.team.name}, owner ${spec.team.owner}`],
    ['Members', spec.team.members.join(', ')],
    [
      'Namespaces',
      spec.namespaces.map((ns) => `${ns.name} on ${ns.cluster}, ${tierText(ns.tier)}`).join('; '),
    ],
    [
      'ArgoCD',
      spec.argocd?.enabled
        ? (spec.argocd.applications ?? []).map((a) => `${a.name} → ${a.namespace}`).join('; ')
        : 'not used',
    ],
    ['Terms', `version ${spec.terms.version}: ${spec.terms.accepted.length} accepted`],
  ];
  return (
    <DescriptionList isHorizontal data-test="review">
      {rows.map(([term, text]) => (
        <DescriptionListGroup key={term}>
          <DescriptionListTerm>{term}</DescriptionListTerm>
          <DescriptionListDescription>{text || '—'}</DescriptionListDescription>
        </DescriptionListGroup>
      ))}
    </DescriptionList>
  );
}

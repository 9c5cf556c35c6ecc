import { DataTable } from '../../../shared/components/DataTable.tsx';
import { Panel } from '../../../shared/components/Panel.tsx';
import type { Cluster } from '../../../shared/types.ts';
import { useApi } from '../../../shared/useApi.ts';
import { argocdLink, consoleLink } from '../../requests/links.ts';
import type { ProjectSectionProps } from '../sections.tsx';

const key = (ref: string) => ref.trim().toLowerCase();

/** Each namespace on its cluster, with its quota tier and the ways in (console, ArgoCD). */
export function ProjectNamespaces({ project }: ProjectSectionProps) {
  const clusters = useApi<{ items: Cluster[] }>('/api/v1/clusters');
  const byId = new Map((clusters.data?.items ?? []).map((c) => [key(`${c.env}/${c.name}`), c]));
  return (
    <Panel title="Namespaces" dataTest="project-namespaces">
      {project.namespaces.length === 0 ? (
        <p>No namespace yet: they are written when the request is approved.</p>
      ) : (
        <DataTable
          label="Namespaces per cluster"
          dataTest="namespaces"
          rowKey={(ns) => `${ns.cluster}/${ns.name}`}
          rows={project.namespaces}
          columns={[
            {
              title: 'Namespace',
              cell: (ns) => <code className="opf-k8s-name">{ns.name}</code>,
            },
            { title: 'Cluster', cell: (ns) => ns.cluster ?? 'not known' },
            { title: 'Tier', cell: (ns) => ns.tier ?? 'not known' },
            {
              title: 'Open in',
              cell: (ns) => {
                const cluster = ns.cluster ? byId.get(key(ns.cluster)) : undefined;
                const team = project.team?.name;
                // A row of links with a gap, not words joined by " · ": in the phone's stacked
                // table the links wrap apart and the separator was left alone on its line.
                return (
                  <span className="opf-link-row" data-test="open-in">
                    {cluster?.consoleUrl && (
                      <a href={consoleLink(cluster.consoleUrl, ns.name)} data-test="console-link">
                        Console
                      </a>
                    )}
                    {cluster?.argocdUrl && team && (
                      <a href={argocdLink(cluster.argocdUrl, team)} data-test="argocd-link">
                        ArgoCD
                      </a>
                    )}
                    {!cluster?.consoleUrl && !cluster?.argocdUrl && (
                      <span className="opf-muted">no link known for this cluster</span>
                    )}
                  </span>
                );
              },
            },
          ]}
        />
      )}
    </Panel>
  );
}

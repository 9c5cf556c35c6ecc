import { List, ListItem } from '@patternfly/react-core/dist/esm/components/List';
import { Notice } from '../../shared/components/Notice.tsx';
import { Panel } from '../../shared/components/Panel.tsx';
import type { Cluster, RequestView } from '../../shared/types.ts';
import { useApi } from '../../shared/useApi.ts';
import { argocdLinks, namespaceLinks } from './links.ts';

/** An active project's way in: each namespace in its cluster's console, and ArgoCD. */
export function ProjectLinks({ request }: { request: RequestView }) {
  const clusters = useApi<{ items: Cluster[] }>('/api/v1/clusters');
  if (clusters.error)
    return (
      <Panel title="Where it runs" dataTest="project-links">
        <Notice variant="danger" title="The clusters cannot be shown" dataTest="links-error">
          {clusters.error.message}
        </Notice>
      </Panel>
    );
  const known = clusters.data?.items ?? [];
  return (
    <Panel title="Where it runs" dataTest="project-links">
      <List>
        {namespaceLinks(request, known).map((link) => (
          <ListItem key={link.namespace} data-test="namespace-link">
            {link.console ? (
              <a href={link.console} target="_blank" rel="noreferrer" data-test="console-link">
                {link.namespace} in the {link.cluster} console
              </a>
            ) : (
              <>
                {link.namespace} on {link.cluster}:{' '}
                <span className="opf-muted" data-test="console-unknown">
                  no console link known
                </span>
              </>
            )}
          </ListItem>
        ))}
      </List>
      {request.spec.argocd.enabled && (
        <List className="opf-gap-top">
          {argocdLinks(request, known).map((argo) => (
            <ListItem key={argo.url ?? 'unknown'} data-test="argocd-link-item">
              {argo.url ? (
                <a href={argo.url} target="_blank" rel="noreferrer" data-test="argocd-link">
                  ArgoCD applications of {request.spec.team.name} ({argo.clusters.join(', ')})
                </a>
              ) : (
                <>
                  ArgoCD for {argo.clusters.join(', ')}:{' '}
                  <span className="opf-muted" data-test="argocd-unknown">
                    no ArgoCD link known
                  </span>
                </>
              )}
            </ListItem>
          ))}
        </List>
      )}
    </Panel>
  );
}

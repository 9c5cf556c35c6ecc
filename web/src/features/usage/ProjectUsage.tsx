import { Grid, GridItem } from '@patternfly/react-core/dist/esm/layouts/Grid';
import { Loaded } from '../../shared/components/Loaded.tsx';
import { Placeholder } from '../../shared/components/Placeholder.tsx';
import { useApi } from '../../shared/useApi.ts';
import { NamespaceUsageCard } from './NamespaceUsageCard.tsx';
import type { NamespaceUsage } from './types.ts';
import './usage.css';

/** A project's usage against its quotas over the last 30 days: one card per namespace. */
export function ProjectUsage({ project }: { project: string }) {
  const state = useApi<{ project: string; namespaces: NamespaceUsage[] }>(
    `/api/v1/usage/projects/${encodeURIComponent(project)}?days=30&series=true`,
  );
  return (
    <section aria-label={`Usage of ${project}`} data-test="project-usage">
      <Loaded state={state} what="usage">
        {(usage) =>
          usage.namespaces.length === 0 ? (
            <Placeholder title="No usage yet" dataTest="usage-none">
              No telemetry has been harvested for this project’s namespaces yet.
            </Placeholder>
          ) : (
            <Grid hasGutter>
              {usage.namespaces.map((ns) => (
                <GridItem key={`${ns.cluster}/${ns.namespace}`} xl={6}>
                  <NamespaceUsageCard usage={ns} />
                </GridItem>
              ))}
            </Grid>
          )
        }
      </Loaded>
    </section>
  );
}

export default ProjectUsage;

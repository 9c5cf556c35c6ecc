import { Title } from '@patternfly/react-core/dist/esm/components/Title';
import { Grid, GridItem } from '@patternfly/react-core/dist/esm/layouts/Grid';
import { Notice } from '../../shared/components/Notice.tsx';
import { Panel } from '../../shared/components/Panel.tsx';
import type { CapacityReport } from '../../shared/types.ts';
import { CapacityBars, overText } from '../requests/CapacityBars.tsx';

/** Each cluster's quotas already handed out (approved and active namespaces) against capacity. */
export function ClusterCapacity({ report }: { report: CapacityReport }) {
  return (
    <Panel title="Cluster capacity" dataTest="cluster-capacity">
      <p className="opf-muted">
        The quotas of namespaces already approved or active on each cluster, against its capacity.
        Open a request to see what it would add.
      </p>
      <Grid hasGutter className="opf-gap-top">
        {report.clusters.map((cluster) => {
          const id = `capacity-${cluster.cluster.replace('/', '-')}`;
          return (
            <GridItem key={cluster.cluster} md={6} xl={4}>
              <section aria-labelledby={id} data-test="capacity-cluster">
                <Title headingLevel="h3" size="md" id={id}>
                  {cluster.displayName} <code>{cluster.cluster}</code>
                </Title>
                <p className="opf-muted">
                  {cluster.committedNamespaces} namespace(s)
                  {cluster.unknownQuotaNamespaces > 0 &&
                    `, ${cluster.unknownQuotaNamespaces} with a quota opf cannot read (counted as nothing)`}
                </p>
                {cluster.over.length > 0 && (
                  <Notice
                    variant="warning"
                    title="Over capacity already"
                    dataTest="cluster-over-capacity"
                  >
                    {overText(cluster.resources, cluster.over)}
                  </Notice>
                )}
                <CapacityBars id={id} resources={cluster.resources} withRequest={false} />
              </section>
            </GridItem>
          );
        })}
      </Grid>
    </Panel>
  );
}

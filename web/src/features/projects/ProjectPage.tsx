import { Grid, GridItem } from '@patternfly/react-core/dist/esm/layouts/Grid';
import { useParams } from 'react-router';
import { AppPage } from '../../shared/components/AppPage.tsx';
import { Loaded } from '../../shared/components/Loaded.tsx';
import { StateLabel } from '../../shared/components/StateLabel.tsx';
import type { ProjectView } from '../../shared/types.ts';
import { useApi } from '../../shared/useApi.ts';
import { PROJECT_SECTIONS } from './sections.tsx';

/** A project's own page: one panel per registered section (sections.ts). */
export function ProjectPage() {
  const name = useParams().name ?? '';
  const project = useApi<ProjectView>(`/api/v1/projects/${encodeURIComponent(name)}`);
  return (
    <Loaded state={project} what="the project">
      {(p) => (
        <AppPage
          id="project"
          title={p.displayName}
          description={
            <>
              <code>{p.name}</code> <StateLabel state={p.status} />
            </>
          }
        >
          <Grid hasGutter>
            {PROJECT_SECTIONS.map(({ id, width, Component }) => (
              <GridItem key={id} lg={width === 'half' ? 6 : 12} id={id}>
                <Component name={p.name} project={p} />
              </GridItem>
            ))}
          </Grid>
        </AppPage>
      )}
    </Loaded>
  );
}

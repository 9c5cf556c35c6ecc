import {
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core/dist/esm/components/Toolbar';
import { useSearchParams } from 'react-router';
import { query } from '../../shared/api.ts';
import { AppPage } from '../../shared/components/AppPage.tsx';
import { Loaded } from '../../shared/components/Loaded.tsx';
import { Pager } from '../../shared/components/Pager.tsx';
import { Placeholder } from '../../shared/components/Placeholder.tsx';
import { SearchField } from '../../shared/components/SearchField.tsx';
import { SelectField } from '../../shared/components/SelectField.tsx';
import type { ProjectPage } from '../../shared/types.ts';
import { useApi } from '../../shared/useApi.ts';
import { ProjectsTable } from './ProjectsTable.tsx';

const STATUSES = ['requested', 'active', 'offboarding', 'offboarded', 'closed'];

/** Every project on the cloud, searched and paged by the server. The URL keeps the view. */
export function ProjectsPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const status = params.get('status') ?? '';
  const limit = Number(params.get('limit') ?? 20);
  const offset = Number(params.get('offset') ?? 0);
  const projects = useApi<ProjectPage>(`/api/v1/projects${query({ q, status, limit, offset })}`);
  const update = (next: Record<string, string | number>) =>
    setParams(
      Object.fromEntries(
        Object.entries({ q, status, limit, offset: 0, ...next })
          .filter(([, value]) => value !== '' && value !== 0)
          .map(([key, value]) => [key, String(value)]),
      ),
    );
  return (
    <AppPage
      id="projects"
      title="Projects"
      description="Every project on the cloud: its team, its namespaces per cluster, and where it stands."
    >
      <Toolbar>
        <ToolbarContent>
          <ToolbarItem>
            <SearchField
              dataTest="project-search"
              label="Search projects"
              placeholder="Search by name or description"
              value={q}
              onSearch={(text) => update({ q: text })}
            />
          </ToolbarItem>
          <ToolbarItem>
            <SelectField
              id="project-status"
              label="Status"
              value={status}
              options={[
                { value: '', label: 'Any status' },
                ...STATUSES.map((s) => ({ value: s, label: s })),
              ]}
              onChange={(value) => update({ status: value })}
            />
          </ToolbarItem>
        </ToolbarContent>
      </Toolbar>
      <Loaded state={projects} what="the projects">
        {(page) =>
          page.items.length === 0 ? (
            <Placeholder title="No projects match" dataTest="projects-empty">
              Try another search, or bring the first project.
            </Placeholder>
          ) : (
            <>
              <ProjectsTable projects={page.items} />
              <Pager
                dataTest="projects-pager"
                total={page.total}
                limit={page.limit}
                offset={page.offset}
                onChange={(nextOffset, nextLimit) =>
                  update({ offset: nextOffset, limit: nextLimit })
                }
              />
            </>
          )
        }
      </Loaded>
    </AppPage>
  );
}

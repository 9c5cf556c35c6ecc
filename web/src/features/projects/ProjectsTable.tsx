import { Link } from 'react-router';
import { type Column, DataTable } from '../../shared/components/DataTable.tsx';
import { StateLabel } from '../../shared/components/StateLabel.tsx';
import type { ProjectView } from '../../shared/types.ts';

const membersOf = (count: number) => (count === 1 ? '1 member' : `${count} members`);

const COLUMNS: Column<ProjectView>[] = [
  {
    title: 'Project',
    cell: (p) => (
      <>
        <Link to={`/projects/${encodeURIComponent(p.name)}`} data-test="project-link">
          <strong>{p.displayName}</strong>
        </Link>
        <div className="opf-muted">{p.name}</div>
      </>
    ),
  },
  { title: 'Status', cell: (p) => <StateLabel state={p.status} /> },
  {
    title: 'Team',
    cell: (p) =>
      p.team ? `${p.team.name} (${membersOf(p.team.members.length)}, owner ${p.team.owner})` : '—',
  },
  {
    title: 'Namespaces',
    cell: (p) =>
      p.namespaces.length === 0
        ? '—'
        : p.namespaces.map((ns) => (
            <div key={ns.name}>
              {ns.name}
              {ns.cluster && ` on ${ns.cluster}`}
              {ns.tier && ` (${ns.tier})`}
            </div>
          )),
  },
  {
    title: 'Links',
    cell: (p) => (
      <>
        {p.latestRequestId !== null && (
          <div>
            <Link to={`/requests/${p.latestRequestId}`}>Request #{p.latestRequestId}</Link>
          </div>
        )}
        {p.repositoryUrl && (
          <div>
            <a href={p.repositoryUrl} rel="noreferrer" target="_blank">
              Repository
            </a>
          </div>
        )}
      </>
    ),
  },
];

export function ProjectsTable({ projects }: { projects: ProjectView[] }) {
  return (
    <DataTable
      label="Projects"
      dataTest="projects-table"
      columns={COLUMNS}
      rows={projects}
      rowKey={(p) => p.name}
    />
  );
}

import {
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
} from '@patternfly/react-core/dist/esm/components/DescriptionList';
import { Panel } from '../../../shared/components/Panel.tsx';
import type { ProjectSectionProps } from '../sections.tsx';

/** What the project is, and who runs it. */
export function ProjectAbout({ project }: ProjectSectionProps) {
  return (
    <Panel title="About" dataTest="project-about">
      <p data-test="project-description">{project.description}</p>
      <DescriptionList isCompact className="opf-gap-top">
        {project.repositoryUrl && (
          <Row term="Repository">
            <a href={project.repositoryUrl} rel="noreferrer">
              {project.repositoryUrl}
            </a>
          </Row>
        )}
        {project.docsUrl && (
          <Row term="Documentation">
            <a href={project.docsUrl} rel="noreferrer">
              {project.docsUrl}
            </a>
          </Row>
        )}
        {project.team && (
          <>
            <Row term="Team">{project.team.name}</Row>
            <Row term="Owner">
              <span data-test="project-owner">{project.team.owner}</span>
            </Row>
            <Row term="Members">{project.team.members.join(', ') || 'only the owner'}</Row>
          </>
        )}
        <Row term="On the cloud since">{project.createdAt.slice(0, 10)}</Row>
      </DescriptionList>
    </Panel>
  );
}

function Row({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <DescriptionListGroup>
      <DescriptionListTerm>{term}</DescriptionListTerm>
      <DescriptionListDescription>{children}</DescriptionListDescription>
    </DescriptionListGroup>
  );
}

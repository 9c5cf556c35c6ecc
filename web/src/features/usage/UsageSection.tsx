import { lazy, Suspense } from 'react';
import { Panel } from '../../shared/components/Panel.tsx';
import type { ProjectSectionProps } from '../projects/sections.tsx';

// The charts load with the section, not with the project page's own code.
const ProjectUsage = lazy(() => import('./ProjectUsage.tsx'));

/** The project page's usage against quota: the same charts as a running request's page. */
export function UsageSection({ name }: ProjectSectionProps) {
  return (
    <Panel title="Usage against quota, last 30 days" dataTest="project-usage-section">
      <Suspense fallback={null}>
        <ProjectUsage project={name} />
      </Suspense>
    </Panel>
  );
}

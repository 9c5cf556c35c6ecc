import type { ComponentType } from 'react';
import type { ProjectView } from '../../shared/types.ts';
import { ProjectEngagement } from '../engagement/ProjectEngagement.tsx';
import { ProjectIncidents } from '../incidents/ProjectIncidents.tsx';
import { ReportSection } from '../reports/ReportSection.tsx';
import { UsageSection } from '../usage/UsageSection.tsx';
import { ProjectAbout } from './sections/ProjectAbout.tsx';
import { ProjectAnnouncements } from './sections/ProjectAnnouncements.tsx';
import { ProjectNamespaces } from './sections/ProjectNamespaces.tsx';
import { ProjectRequests } from './sections/ProjectRequests.tsx';

/** The project states the engagement record is kept for (src/engagement/record.ts). */
const ENGAGED = new Set(['active', 'offboarding']);

/** What every section of a project's page is given: the name, and the directory's record. */
export interface ProjectSectionProps {
  name: string;
  project: ProjectView;
}

export interface ProjectSection {
  /** Stable: the section's data-test and anchor (`#usage`). */
  id: string;
  /** Half the page's width at desktop size, or all of it. */
  width: 'half' | 'full';
  Component: ComponentType<ProjectSectionProps>;
}

/**
 * The sections of /projects/{name}, in page order. A capability that has something to say
 * about a project (usage against quota, incidents, engagement) adds one entry here: a
 * component that takes the project's name, renders its own panel, and renders nothing when
 * it has nothing to show. The page itself does not change.
 */
export const PROJECT_SECTIONS: ProjectSection[] = [
  { id: 'about', width: 'half', Component: ProjectAbout },
  { id: 'requests', width: 'half', Component: ProjectRequests },
  // The whole width: a namespace's name is one word (it does not break at its hyphens) and its
  // row carries the console and ArgoCD links; in half a page the last column was cut.
  { id: 'namespaces', width: 'full', Component: ProjectNamespaces },
  { id: 'announcements', width: 'half', Component: ProjectAnnouncements },
  {
    id: 'engagement',
    width: 'half',
    // Measured for active projects and those being offboarded only: asking for any other
    // answers 404, an error in the reader's console for a page that has nothing wrong.
    Component: ({ name, project }) =>
      ENGAGED.has(project.status) ? <ProjectEngagement project={name} /> : null,
  },
  { id: 'incidents', width: 'half', Component: ({ name }) => <ProjectIncidents project={name} /> },
  { id: 'report', width: 'half', Component: ReportSection },
  { id: 'usage', width: 'full', Component: UsageSection },
];

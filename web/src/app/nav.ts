/** The portal's sections, in the order the navigation lists them. */
export const NAV_ITEMS = [
  { path: '/', label: 'Getting started', test: 'nav-getting-started' },
  { path: '/requests/new', label: 'Bring your project', test: 'nav-bring-project' },
  { path: '/projects', label: 'Projects', test: 'nav-projects' },
  { path: '/meetings', label: 'Meetings', test: 'nav-meetings' },
  { path: '/announcements', label: 'Announcements', test: 'nav-announcements' },
  { path: '/review', label: 'Review queue', test: 'nav-review' },
  { path: '/overview', label: 'Overview', test: 'nav-overview' },
  { path: '/report', label: 'Cloud report', test: 'nav-cloud-report' },
  { path: '/status', label: 'Status', test: 'nav-status' },
  { path: '/notices', label: 'Notices', test: 'nav-notices' },
  { path: '/datasets', label: 'Open data', test: 'nav-datasets' },
] as const;

/** The signed-in user's own pages, listed after the sections once they signed in. */
export const ACCOUNT_ITEMS = [
  { path: '/account/tokens', label: 'API tokens', test: 'nav-tokens' },
] as const;

export function isActive(itemPath: string, location: string): boolean {
  return itemPath === '/' ? location === '/' : location.startsWith(itemPath);
}

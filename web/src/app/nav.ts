/** The portal's sections, in the order the navigation lists them. */
export const NAV_ITEMS = [
  { path: '/', label: 'Getting started', test: 'nav-getting-started' },
  { path: '/requests/new', label: 'Bring your project', test: 'nav-bring-project' },
  { path: '/projects', label: 'Projects', test: 'nav-projects' },
  { path: '/review', label: 'Review queue', test: 'nav-review' },
  { path: '/overview', label: 'Overview', test: 'nav-overview' },
] as const;

export function isActive(itemPath: string, location: string): boolean {
  return itemPath === '/' ? location === '/' : location.startsWith(itemPath);
}

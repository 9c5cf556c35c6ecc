import { createBrowserRouter, matchRoutes, type RouteObject, RouterProvider } from 'react-router';
import { Layout } from './Layout.tsx';

function RouteLoading() {
  return <div aria-busy="true" data-test="route-loading" />;
}

/**
 * The portal's routes: the browser's router and the server's render (entry-server.tsx). Each
 * lazy page names its module (as the build's manifest does) in `handle.module`: the server puts
 * the page's stylesheets in the head of the HTML it renders (src/server/routes/prerender.ts).
 */
export const routes: RouteObject[] = [
  {
    element: <Layout />,
    // The first load of a lazy page renders nothing until its code is in (said, not warned).
    HydrateFallback: RouteLoading,
    children: [
      // Every page is loaded when first visited: the entry holds only the frame (masthead,
      // navigation, sign-in) so a first visit parses no page it does not show (the 150 KiB
      // brotli budget of the entry, issue 15; bench/web and test/web/bundle-size.test.ts).
      {
        path: '/',
        handle: { module: 'src/features/getting-started/GettingStartedPage.tsx' },
        lazy: async () => ({
          Component: (await import('../features/getting-started/GettingStartedPage.tsx'))
            .GettingStartedPage,
        }),
      },
      {
        path: '/projects',
        handle: { module: 'src/features/projects/ProjectsPage.tsx' },
        lazy: async () => ({
          Component: (await import('../features/projects/ProjectsPage.tsx')).ProjectsPage,
        }),
      },
      {
        path: '/requests/new',
        handle: { module: 'src/features/wizard/WizardPage.tsx' },
        lazy: async () => ({
          Component: (await import('../features/wizard/WizardPage.tsx')).WizardPage,
        }),
      },
      {
        path: '/requests/:id',
        handle: { module: 'src/features/requests/RequestDetailPage.tsx' },
        lazy: async () => ({
          Component: (await import('../features/requests/RequestDetailPage.tsx')).RequestDetailPage,
        }),
      },
      {
        path: '/review',
        handle: { module: 'src/features/review/ReviewQueuePage.tsx' },
        lazy: async () => ({
          Component: (await import('../features/review/ReviewQueuePage.tsx')).ReviewQueuePage,
        }),
      },
      {
        path: '/requests/:id/edit',
        handle: { module: 'src/features/wizard/EditRequestPage.tsx' },
        lazy: async () => ({
          Component: (await import('../features/wizard/EditRequestPage.tsx')).EditRequestPage,
        }),
      },
      {
        path: '/overview',
        handle: { module: 'src/features/overview/OverviewPage.tsx' },
        lazy: async () => ({
          Component: (await import('../features/overview/OverviewPage.tsx')).OverviewPage,
        }),
      },
      {
        path: '/report',
        handle: { module: 'src/features/reports/CloudReportPage.tsx' },
        lazy: async () => ({
          Component: (await import('../features/reports/CloudReportPage.tsx')).CloudReportPage,
        }),
      },
      {
        path: '/status',
        handle: { module: 'src/features/incidents/StatusPage.tsx' },
        lazy: async () => ({
          Component: (await import('../features/incidents/StatusPage.tsx')).StatusPage,
        }),
      },
      {
        path: '/incidents/:id',
        handle: { module: 'src/features/incidents/IncidentPage.tsx' },
        lazy: async () => ({
          Component: (await import('../features/incidents/IncidentPage.tsx')).IncidentPage,
        }),
      },
      {
        path: '/notices',
        handle: { module: 'src/features/notices/NoticesPage.tsx' },
        lazy: async () => ({
          Component: (await import('../features/notices/NoticesPage.tsx')).NoticesPage,
        }),
      },
      {
        path: '/notices/:id',
        handle: { module: 'src/features/notices/NoticePage.tsx' },
        lazy: async () => ({
          Component: (await import('../features/notices/NoticePage.tsx')).NoticePage,
        }),
      },
      {
        path: '/datasets',
        handle: { module: 'src/features/usage/DatasetsPage.tsx' },
        lazy: async () => ({
          Component: (await import('../features/usage/DatasetsPage.tsx')).DatasetsPage,
        }),
      },
      {
        path: '/account/tokens',
        handle: { module: 'src/features/tokens/TokensPage.tsx' },
        lazy: async () => ({
          Component: (await import('../features/tokens/TokensPage.tsx')).TokensPage,
        }),
      },
      {
        path: '/meetings',
        handle: { module: 'src/features/meetings/MeetingsPage.tsx' },
        lazy: async () => ({
          Component: (await import('../features/meetings/MeetingsPage.tsx')).MeetingsPage,
        }),
      },
      {
        path: '/meetings/:slug',
        handle: { module: 'src/features/meetings/MeetingPage.tsx' },
        lazy: async () => ({
          Component: (await import('../features/meetings/MeetingPage.tsx')).MeetingPage,
        }),
      },
      {
        path: '/meetings/:slug/:date',
        handle: { module: 'src/features/meetings/OccurrencePage.tsx' },
        lazy: async () => ({
          Component: (await import('../features/meetings/OccurrencePage.tsx')).OccurrencePage,
        }),
      },
      {
        path: '/announcements',
        handle: { module: 'src/features/announcements/AnnouncementsPage.tsx' },
        lazy: async () => ({
          Component: (await import('../features/announcements/AnnouncementsPage.tsx'))
            .AnnouncementsPage,
        }),
      },
      {
        path: '/announcements/:id',
        handle: { module: 'src/features/announcements/AnnouncementPage.tsx' },
        lazy: async () => ({
          Component: (await import('../features/announcements/AnnouncementPage.tsx'))
            .AnnouncementPage,
        }),
      },
      {
        path: '/projects/:name',
        handle: { module: 'src/features/projects/ProjectPage.tsx' },
        lazy: async () => ({
          Component: (await import('../features/projects/ProjectPage.tsx')).ProjectPage,
        }),
      },
      {
        path: '/projects/:name/report',
        handle: { module: 'src/features/reports/ReportPage.tsx' },
        lazy: async () => ({
          Component: (await import('../features/reports/ReportPage.tsx')).ReportPage,
        }),
      },
      {
        path: '/sign-in',
        handle: { module: 'src/features/auth/SignInPage.tsx' },
        lazy: async () => ({
          Component: (await import('../features/auth/SignInPage.tsx')).SignInPage,
        }),
      },
      {
        path: '/signed-out',
        handle: { module: 'src/features/auth/SignedOutPage.tsx' },
        lazy: async () => ({
          Component: (await import('../features/auth/SignedOutPage.tsx')).SignedOutPage,
        }),
      },
      {
        path: '*',
        handle: { module: 'src/app/NotFoundPage.tsx' },
        lazy: async () => ({ Component: (await import('./NotFoundPage.tsx')).NotFoundPage }),
      },
    ],
  },
];

/**
 * Loads the code of the routes that match `pathname` and puts it in place of their `lazy`, so
 * a router made afterwards renders the page at once: hydrating server HTML needs the page's
 * components in the first render (else the router renders its fallback, and React finds it
 * differs from the server's HTML).
 */
export async function loadRoutesFor(pathname: string): Promise<void> {
  for (const match of matchRoutes(routes, pathname) ?? []) {
    const route = match.route;
    if (typeof route.lazy !== 'function') continue;
    const loaded = await route.lazy();
    Object.assign(route, loaded);
    route.lazy = undefined;
  }
}

export function createRouter() {
  return createBrowserRouter(routes);
}

export function App({ router }: { router: ReturnType<typeof createRouter> }) {
  return <RouterProvider router={router} />;
}

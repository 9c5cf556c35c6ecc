import { createBrowserRouter, RouterProvider } from 'react-router';
import { GettingStartedPage } from '../features/getting-started/GettingStartedPage.tsx';
import { OverviewPage } from '../features/overview/OverviewPage.tsx';
import { ProjectsPage } from '../features/projects/ProjectsPage.tsx';
import { Layout } from './Layout.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';

function RouteLoading() {
  return <div aria-busy="true" data-test="route-loading" />;
}

const router = createBrowserRouter([
  {
    element: <Layout />,
    // The first load of a lazy page renders nothing until its code is in (said, not warned).
    HydrateFallback: RouteLoading,
    children: [
      { path: '/', element: <GettingStartedPage /> },
      { path: '/projects', element: <ProjectsPage /> },
      // Loaded when first visited: the wizard, the request detail, the review queue and the
      // tokens page bring zod, the domain schemas and their own PatternFly parts, which the
      // directory and the dashboard do not need (bench/web: every first visit parses the
      // entry bundle before it renders).
      {
        path: '/requests/new',
        lazy: async () => ({
          Component: (await import('../features/wizard/WizardPage.tsx')).WizardPage,
        }),
      },
      {
        path: '/requests/:id',
        lazy: async () => ({
          Component: (await import('../features/requests/RequestDetailPage.tsx')).RequestDetailPage,
        }),
      },
      {
        path: '/review',
        lazy: async () => ({
          Component: (await import('../features/review/ReviewQueuePage.tsx')).ReviewQueuePage,
        }),
      },
      {
        path: '/requests/:id/edit',
        lazy: async () => ({
          Component: (await import('../features/wizard/EditRequestPage.tsx')).EditRequestPage,
        }),
      },
      { path: '/overview', element: <OverviewPage /> },
      {
        path: '/status',
        lazy: async () => ({
          Component: (await import('../features/incidents/StatusPage.tsx')).StatusPage,
        }),
      },
      {
        path: '/incidents/:id',
        lazy: async () => ({
          Component: (await import('../features/incidents/IncidentPage.tsx')).IncidentPage,
        }),
      },
      {
        path: '/notices',
        lazy: async () => ({
          Component: (await import('../features/notices/NoticesPage.tsx')).NoticesPage,
        }),
      },
      {
        path: '/notices/:id',
        lazy: async () => ({
          Component: (await import('../features/notices/NoticePage.tsx')).NoticePage,
        }),
      },
      {
        path: '/datasets',
        lazy: async () => ({
          Component: (await import('../features/usage/DatasetsPage.tsx')).DatasetsPage,
        }),
      },
      {
        path: '/account/tokens',
        lazy: async () => ({
          Component: (await import('../features/tokens/TokensPage.tsx')).TokensPage,
        }),
      },
      {
        path: '/meetings',
        lazy: async () => ({
          Component: (await import('../features/meetings/MeetingsPage.tsx')).MeetingsPage,
        }),
      },
      {
        path: '/meetings/:slug',
        lazy: async () => ({
          Component: (await import('../features/meetings/MeetingPage.tsx')).MeetingPage,
        }),
      },
      {
        path: '/meetings/:slug/:date',
        lazy: async () => ({
          Component: (await import('../features/meetings/OccurrencePage.tsx')).OccurrencePage,
        }),
      },
      {
        path: '/announcements',
        lazy: async () => ({
          Component: (await import('../features/announcements/AnnouncementsPage.tsx'))
            .AnnouncementsPage,
        }),
      },
      {
        path: '/announcements/:id',
        lazy: async () => ({
          Component: (await import('../features/announcements/AnnouncementPage.tsx'))
            .AnnouncementPage,
        }),
      },
      {
        path: '/projects/:name',
        lazy: async () => ({
          Component: (await import('../features/projects/ProjectPage.tsx')).ProjectPage,
        }),
      },
      {
        path: '/projects/:name/report',
        lazy: async () => ({
          Component: (await import('../features/reports/ReportPage.tsx')).ReportPage,
        }),
      },
      {
        path: '/sign-in',
        lazy: async () => ({
          Component: (await import('../features/auth/SignInPage.tsx')).SignInPage,
        }),
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
}

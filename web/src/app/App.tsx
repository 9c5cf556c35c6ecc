import { createBrowserRouter, RouterProvider } from 'react-router';
import { GettingStartedPage } from '../features/getting-started/GettingStartedPage.tsx';
import { OverviewPage } from '../features/overview/OverviewPage.tsx';
import { ProjectsPage } from '../features/projects/ProjectsPage.tsx';
import { Layout } from './Layout.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';

const router = createBrowserRouter([
  {
    element: <Layout />,
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
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
}

import { createBrowserRouter, RouterProvider } from 'react-router';
import { GettingStartedPage } from '../features/getting-started/GettingStartedPage.tsx';
import { OverviewPage } from '../features/overview/OverviewPage.tsx';
import { ProjectsPage } from '../features/projects/ProjectsPage.tsx';
import { RequestDetailPage } from '../features/requests/RequestDetailPage.tsx';
import { ReviewQueuePage } from '../features/review/ReviewQueuePage.tsx';
import { TokensPage } from '../features/tokens/TokensPage.tsx';
import { EditRequestPage } from '../features/wizard/EditRequestPage.tsx';
import { WizardPage } from '../features/wizard/WizardPage.tsx';
import { Layout } from './Layout.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';

const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { path: '/', element: <GettingStartedPage /> },
      { path: '/projects', element: <ProjectsPage /> },
      { path: '/requests/new', element: <WizardPage /> },
      { path: '/requests/:id', element: <RequestDetailPage /> },
      { path: '/requests/:id/edit', element: <EditRequestPage /> },
      { path: '/review', element: <ReviewQueuePage /> },
      { path: '/overview', element: <OverviewPage /> },
      { path: '/account/tokens', element: <TokensPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
}

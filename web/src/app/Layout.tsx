import {
  Page,
  PageSidebar,
  PageSidebarBody,
} from '@patternfly/react-core/dist/esm/components/Page';
import { SkipToContent } from '@patternfly/react-core/dist/esm/components/SkipToContent';
import { Outlet, useLocation } from 'react-router';
import { Header } from './Header.tsx';
import { MarkReady } from './MarkReady.tsx';
import { SideNav } from './SideNav.tsx';

const MAIN_ID = 'opf-main';

export function Layout() {
  const location = useLocation();
  return (
    <Page
      isManagedSidebar
      mainContainerId={MAIN_ID}
      mainTabIndex={0}
      skipToContent={<SkipToContent href={`#${MAIN_ID}`}>Skip to content</SkipToContent>}
      masthead={<Header />}
      sidebar={
        <PageSidebar>
          <PageSidebarBody>
            <SideNav location={location.pathname} />
          </PageSidebarBody>
        </PageSidebar>
      }
    >
      <Outlet />
      <MarkReady />
    </Page>
  );
}

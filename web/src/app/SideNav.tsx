import { PageSidebarContext } from '@patternfly/react-core/dist/esm/components/Page/PageSidebar';
import styles from '@patternfly/react-styles/css/components/Nav/nav';
import { useContext } from 'react';
import { Link } from 'react-router';
import { useSession } from '../shared/session.ts';
import { useToken } from '../shared/token.ts';
import { ACCOUNT_ITEMS, isActive, NAV_ITEMS } from './nav.ts';

/**
 * The portal's navigation: PatternFly's nav markup and styles, drawn here with router links
 * rather than with its Nav components, which bring a popper (for flyout menus the portal does
 * not have) into the entry every first visit downloads (issue 15: entry under 150 KiB brotli).
 */
export function SideNav({ location }: { location: string }) {
  const { isSidebarOpen } = useContext(PageSidebarContext);
  const session = useSession();
  const token = useToken();
  const signedIn = session !== undefined || token !== undefined;
  const items = signedIn ? [...NAV_ITEMS, ...ACCOUNT_ITEMS] : NAV_ITEMS;
  return (
    <nav className={styles.nav} aria-label="Portal">
      <ul className={styles.navList}>
        {items.map((item) => {
          const current = isActive(item.path, location);
          return (
            <li key={item.path} className={styles.navItem}>
              <Link
                to={item.path}
                data-test={item.test}
                className={`${styles.navLink}${current ? ` ${styles.modifiers.current}` : ''}`}
                aria-current={current ? 'page' : undefined}
                // A closed sidebar (phone width) keeps its links out of the tab order.
                tabIndex={isSidebarOpen === false ? -1 : undefined}
              >
                <span className={`${styles.nav}__link-text`}>{item.label}</span>
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

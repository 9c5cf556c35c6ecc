import { Nav, NavItem, NavList } from '@patternfly/react-core';
import { useNavigate } from 'react-router';
import { useSession } from '../shared/session.ts';
import { useToken } from '../shared/token.ts';
import { ACCOUNT_ITEMS, isActive, NAV_ITEMS } from './nav.ts';

export function SideNav({ location }: { location: string }) {
  const navigate = useNavigate();
  const session = useSession();
  const token = useToken();
  const signedIn = session !== undefined || token !== undefined;
  const items = signedIn ? [...NAV_ITEMS, ...ACCOUNT_ITEMS] : NAV_ITEMS;
  return (
    <Nav aria-label="Portal">
      <NavList>
        {items.map((item) => (
          <NavItem
            key={item.path}
            to={item.path}
            data-test={item.test}
            isActive={isActive(item.path, location)}
            onClick={(event) => {
              event.preventDefault();
              navigate(item.path);
            }}
          >
            {item.label}
          </NavItem>
        ))}
      </NavList>
    </Nav>
  );
}

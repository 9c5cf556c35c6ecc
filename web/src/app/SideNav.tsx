import { Nav, NavItem, NavList } from '@patternfly/react-core';
import { useNavigate } from 'react-router';
import { isActive, NAV_ITEMS } from './nav.ts';

export function SideNav({ location }: { location: string }) {
  const navigate = useNavigate();
  return (
    <Nav aria-label="Portal">
      <NavList>
        {NAV_ITEMS.map((item) => (
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

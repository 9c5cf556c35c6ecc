import {
  Dropdown,
  DropdownItem,
  DropdownList,
} from '@patternfly/react-core/dist/esm/components/Dropdown';
import { MenuToggle } from '@patternfly/react-core/dist/esm/components/MenuToggle';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { type Session, signOut } from '../../shared/session.ts';

const ROLE_NAMES: Record<Session['role'], string> = {
  user: 'project developer',
  ops: 'ops',
  admin: 'admin',
};

/** The signed-in user's menu in the masthead: their own pages, and signing out. */
export function UserMenu({ session }: { session: Session }) {
  const [open, setOpen] = useState(false);
  const navigate = useNavigate();
  return (
    <Dropdown
      isOpen={open}
      onOpenChange={setOpen}
      onSelect={() => setOpen(false)}
      popperProps={{ position: 'right' }}
      toggle={(ref) => (
        <MenuToggle
          ref={ref}
          data-test="session-user"
          isExpanded={open}
          onClick={() => setOpen(!open)}
        >
          <span data-test="session-login">{session.login}</span>
          <span className="opf-wide-only opf-muted" data-test="session-role">
            {' '}
            · {ROLE_NAMES[session.role]}
          </span>
        </MenuToggle>
      )}
    >
      <DropdownList>
        <DropdownItem
          value="tokens"
          to="/account/tokens"
          data-test="session-tokens"
          onClick={(event) => {
            // A real link (opens in a new tab too); a plain click stays in the portal.
            event?.preventDefault();
            navigate('/account/tokens');
          }}
        >
          API tokens
        </DropdownItem>
        <DropdownItem value="sign-out" data-test="session-sign-out" onClick={signOut}>
          Sign out
        </DropdownItem>
      </DropdownList>
    </Dropdown>
  );
}

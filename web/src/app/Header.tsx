import {
  Masthead,
  MastheadBrand,
  MastheadContent,
  MastheadLogo,
  MastheadMain,
  MastheadToggle,
} from '@patternfly/react-core/dist/esm/components/Masthead';
import { PageToggleButton } from '@patternfly/react-core/dist/esm/components/Page';
import {
  Toolbar,
  ToolbarContent,
  ToolbarGroup,
  ToolbarItem,
} from '@patternfly/react-core/dist/esm/components/Toolbar';
import { BarsIcon } from '@patternfly/react-icons/dist/esm/icons/bars-icon';
import { Link } from 'react-router';
import { SignIn } from '../features/auth/SignIn.tsx';
import { ThemeSwitch } from './ThemeSwitch.tsx';

export function Header() {
  return (
    // Inline at every width: one masthead row on a phone too (the brand beside the controls).
    <Masthead display={{ default: 'inline' }}>
      <MastheadMain>
        <MastheadToggle>
          <PageToggleButton variant="plain" aria-label="Show or hide the navigation">
            <BarsIcon />
          </PageToggleButton>
        </MastheadToggle>
        <MastheadBrand>
          <MastheadLogo component={(props) => <Link {...props} to="/" />}>
            <span className="opf-brand" data-test="brand">
              Operate First<span className="opf-wide-only opf-brand-sub"> · community cloud</span>
            </span>
          </MastheadLogo>
        </MastheadBrand>
      </MastheadMain>
      <MastheadContent>
        <Toolbar isFullHeight isStatic>
          <ToolbarContent>
            <ToolbarGroup align={{ default: 'alignEnd' }}>
              <ToolbarItem className="opf-wide-only">
                <ThemeSwitch />
              </ToolbarItem>
              <ToolbarItem>
                <SignIn />
              </ToolbarItem>
            </ToolbarGroup>
          </ToolbarContent>
        </Toolbar>
      </MastheadContent>
    </Masthead>
  );
}

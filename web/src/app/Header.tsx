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
import { usePrerenderedCloudName } from '../shared/prerender.ts';
import { ThemeSwitch } from './ThemeSwitch.tsx';

/** The cloud's name, as opf was configured (OPF_CLOUD_NAME): a meta tag opf writes into each
 *  page it serves (src/server/routes/web.ts), so no API call is needed for it. */
// What opf writes when OPF_CLOUD_NAME is unset (DEFAULT_CLOUD_NAME in src/core): here only for
// a page not served by opf (vite's dev server). Not imported: src/core's index brings zod.
const DEFAULT_CLOUD_NAME = 'Operate First';

function cloudName(): string {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="opf-cloud-name"]');
  return meta?.content.trim() || DEFAULT_CLOUD_NAME;
}

export function Header() {
  // On the server there is no document: the name comes with the render.
  const name = usePrerenderedCloudName() ?? cloudName();
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
            <span className="opf-brand" data-test="brand" title={name}>
              {name}
              <span className="opf-wide-only opf-brand-sub"> · community cloud</span>
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

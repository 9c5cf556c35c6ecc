import { AppPage } from '../shared/components/AppPage.tsx';
import { LinkButton } from '../shared/components/LinkButton.tsx';

export function NotFoundPage() {
  return (
    <AppPage
      id="not-found"
      title="Nothing here"
      description="This address is not a page of the portal."
    >
      <LinkButton to="/" dataTest="not-found-home">
        Go to Getting started
      </LinkButton>
    </AppPage>
  );
}

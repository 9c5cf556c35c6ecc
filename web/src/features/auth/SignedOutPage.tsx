import { AppPage } from '../../shared/components/AppPage.tsx';
import { LinkButton } from '../../shared/components/LinkButton.tsx';

/**
 * Where signing out lands (POST /auth/logout answers 303 here): the portal's own page, with
 * the way back in and the way on as a visitor. Everything public stays readable signed out.
 */
export function SignedOutPage() {
  return (
    <AppPage
      id="signed-out"
      title="You are signed out"
      description="Your session on this cloud has ended. Everything public stays open to you: projects, meetings, minutes and announcements."
    >
      <div className="opf-actions" data-test="signed-out-actions">
        <LinkButton to="/sign-in" dataTest="signed-out-sign-in">
          Sign in again
        </LinkButton>
        <LinkButton to="/" variant="secondary" dataTest="signed-out-home">
          Back to Getting started
        </LinkButton>
      </div>
    </AppPage>
  );
}

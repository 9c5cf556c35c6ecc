import { Content } from '@patternfly/react-core/dist/esm/components/Content';

/** The Atom feeds: announcements, and the review decisions on requests. */
export function FeedLinks() {
  return (
    <Content component="p" data-test="feed-links">
      Follow in a feed reader:{' '}
      <a
        href="/api/v1/feeds/announcements.atom"
        type="application/atom+xml"
        data-test="feed-announcements"
      >
        announcements (Atom)
      </a>
      ,{' '}
      <a href="/api/v1/feeds/decisions.atom" type="application/atom+xml" data-test="feed-decisions">
        decisions on requests (Atom)
      </a>
      .
    </Content>
  );
}

import { Content } from '@patternfly/react-core/dist/esm/components/Content';
import { usePageHost } from '../../shared/prerender.ts';

/** The calendar feed of one meeting (or of all), as a download and as a `webcal:` subscription. */
export function Subscribe({ slug, title }: { slug?: string; title: string }) {
  const path = slug ? `/api/v1/meetings/${encodeURIComponent(slug)}.ics` : '/api/v1/meetings.ics';
  const host = usePageHost();
  const webcal = `webcal://${host}${path}`;
  return (
    <Content component="p" data-test="subscribe">
      Subscribe to {title}:{' '}
      <a href={webcal} data-test="subscribe-webcal">
        in your calendar app
      </a>{' '}
      (<code>webcal:</code>), or{' '}
      <a href={path} data-test="subscribe-ics" download>
        the .ics feed
      </a>
      .
    </Content>
  );
}

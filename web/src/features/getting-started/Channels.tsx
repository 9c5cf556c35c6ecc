import { Content } from '@patternfly/react-core/dist/esm/components/Content';
import { Panel } from '../../shared/components/Panel.tsx';
import type { Channel, SiteContent } from '../../shared/types.ts';
import type { Loaded } from '../../shared/useApi.ts';

interface Shown {
  key: string;
  name: string;
  kind: string;
  url: string | null;
  text: string;
}

/** The community's channel directory; the site content's list when the directory is empty. */
export function Channels(props: {
  fallback: SiteContent['channels'];
  directory: Loaded<{ items: Channel[] }>;
}) {
  const { fallback, directory } = props;
  const listed = directory.data?.items ?? [];
  const shown: Shown[] =
    listed.length > 0
      ? listed.map((c) => ({
          key: c.slug,
          name: c.name,
          kind: c.kind.replace('-', ' '),
          url: c.url ?? (c.address ? `mailto:${c.address}` : null),
          text: c.description,
        }))
      : fallback.map((c) => ({ key: c.name, ...c }));
  return (
    <Panel title="Where people talk" dataTest="channels">
      <Content component="ul">
        {shown.map((channel) => (
          <Content component="li" key={channel.key} data-test="channel">
            {channel.url ? (
              <a href={channel.url} rel="noreferrer" target="_blank">
                {channel.name}
              </a>
            ) : (
              <strong>{channel.name}</strong>
            )}{' '}
            ({channel.kind}){channel.text && `: ${channel.text}`}
          </Content>
        ))}
      </Content>
    </Panel>
  );
}

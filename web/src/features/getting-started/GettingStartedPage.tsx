import { Gallery } from '@patternfly/react-core/dist/esm/layouts/Gallery';
import { Grid, GridItem } from '@patternfly/react-core/dist/esm/layouts/Grid';
import { AppPage } from '../../shared/components/AppPage.tsx';
import { LinkButton } from '../../shared/components/LinkButton.tsx';
import { Loaded } from '../../shared/components/Loaded.tsx';
import { Panel } from '../../shared/components/Panel.tsx';
import type {
  Channel,
  Meetings as MeetingsAnswer,
  Site,
  TermsVersion,
} from '../../shared/types.ts';
import { useApi } from '../../shared/useApi.ts';
import { Channels } from './Channels.tsx';
import { Meetings } from './Meetings.tsx';
import { NextCoordination } from './NextCoordination.tsx';
import { Steps } from './Steps.tsx';
import { TermsPanel } from './TermsPanel.tsx';

/** The front door: what the cloud is, how to join, what it asks of you, where people talk. */
export function GettingStartedPage() {
  const site = useApi<Site>('/api/v1/site');
  const terms = useApi<TermsVersion>('/api/v1/terms/current');
  const meetings = useApi<MeetingsAnswer>('/api/v1/meetings');
  const channels = useApi<{ items: Channel[] }>('/api/v1/channels');
  return (
    <Loaded state={site} what="the getting-started content">
      {({ content }) => (
        <AppPage
          id="getting-started"
          title={content.title}
          description={content.intro}
          actions={
            <LinkButton to="/requests/new" dataTest="start-wizard">
              Bring your project
            </LinkButton>
          }
        >
          <NextCoordination meetings={meetings.data} channels={channels.data?.items} />
          <Gallery hasGutter minWidths={{ default: '100%', md: '260px' }} data-test="three-parts">
            {content.parts.map((part) => (
              <Panel key={part.title} title={part.title} dataTest="part">
                {part.text}
              </Panel>
            ))}
          </Gallery>
          <Grid hasGutter className="opf-gap-top">
            <GridItem md={6}>
              <Steps steps={content.steps} />
            </GridItem>
            <GridItem md={6}>
              <Loaded state={terms} what="the terms">
                {(current) => <TermsPanel terms={current} />}
              </Loaded>
            </GridItem>
            <GridItem md={6}>
              <Meetings fallback={content.meetings} meetings={meetings} />
            </GridItem>
            <GridItem md={6}>
              <Channels fallback={content.channels} directory={channels} />
            </GridItem>
          </Grid>
        </AppPage>
      )}
    </Loaded>
  );
}

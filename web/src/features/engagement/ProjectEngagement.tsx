import { Content } from '@patternfly/react-core/dist/esm/components/Content';
import {
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
} from '@patternfly/react-core/dist/esm/components/DescriptionList';
import { Label } from '@patternfly/react-core/dist/esm/components/Label';
import type { ReactNode } from 'react';
import { Loaded } from '../../shared/components/Loaded.tsx';
import { Panel } from '../../shared/components/Panel.tsx';
import type { EngagementRecord } from '../../shared/types.ts';
import { useApi } from '../../shared/useApi.ts';

const STATUS_COLOR = { engaged: 'green', 'at-risk': 'orange', inactive: 'red' } as const;
const STATUS_TEXT = { engaged: 'Engaged', 'at-risk': 'At risk', inactive: 'Inactive' } as const;

export function EngagementLabel(props: { status: EngagementRecord['status'] }) {
  return (
    <Label color={STATUS_COLOR[props.status]} data-test="engagement-status">
      {STATUS_TEXT[props.status]}
    </Label>
  );
}

/** A day as the reader's locale writes it. */
export const shortDate = (iso: string) =>
  new Date(iso).toLocaleDateString(undefined, { dateStyle: 'medium' });
const when = (iso: string | null) => (iso ? shortDate(iso) : 'never');

function Fact(props: { term: string; children: ReactNode }) {
  return (
    <DescriptionListGroup>
      <DescriptionListTerm>{props.term}</DescriptionListTerm>
      <DescriptionListDescription>{props.children}</DescriptionListDescription>
    </DescriptionListGroup>
  );
}

/**
 * A project's commitment, measured: its status, why, and the signals behind it (public).
 * Shown for active projects; for any other it shows nothing (the API answers 404).
 */
export function ProjectEngagement(props: { project: string }) {
  const record = useApi<EngagementRecord>(
    `/api/v1/projects/${encodeURIComponent(props.project)}/engagement`,
  );
  if (record.error) return null;
  return (
    <Panel title="Engagement" dataTest="project-engagement">
      <Loaded state={record} what="the engagement record">
        {(r) => (
          <>
            <Content component="p">
              <EngagementLabel status={r.status} />{' '}
              {r.reasons.length === 0
                ? 'The team is in touch: nothing is overdue.'
                : r.reasons.map((reason) => reason.text).join('; ')}
            </Content>
            <DescriptionList isCompact isHorizontal data-test="engagement-signals">
              <Fact term="Last activity in opf">{when(r.signals.lastActivityAt)}</Fact>
              <Fact term="Notices not answered">
                {r.signals.unansweredNotices.length === 0
                  ? 'none'
                  : r.signals.unansweredNotices.map((n) => (
                      <span key={n.id}>
                        <a href={`/notices/${n.id}`}>{n.title}</a> (by {shortDate(n.respondBy)}){' '}
                      </span>
                    ))}
              </Fact>
              <Fact term="Last coordination meeting attended">
                {when(r.signals.lastAttendedAt)}
                {r.signals.meetingsMissedInARow > 0 &&
                  ` (${r.signals.meetingsMissedInARow} missed since)`}
              </Fact>
              {r.signals.incidents.measured && (
                <Fact term="Incidents answered">
                  {r.signals.incidents.items.filter((i) => i.respondedAt).length} of{' '}
                  {r.signals.incidents.items.length}
                </Fact>
              )}
              {r.signals.terms && (
                <Fact term="Terms accepted">
                  {r.signals.terms.accepted ?? 'none'}
                  {r.signals.terms.accepted !== r.signals.terms.current &&
                    ` (current: ${r.signals.terms.current})`}
                </Fact>
              )}
              {r.offboarding && (
                <Fact term="Offboarding proposed">
                  {r.offboarding.reason} (decision from {shortDate(r.offboarding.noticeEndsAt)})
                </Fact>
              )}
            </DescriptionList>
          </>
        )}
      </Loaded>
    </Panel>
  );
}

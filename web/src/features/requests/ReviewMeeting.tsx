import { Notice } from '../../shared/components/Notice.tsx';
import type { Meetings, RequestState } from '../../shared/types.ts';
import { useApi } from '../../shared/useApi.ts';
import { AskInvitation } from '../meetings/AskInvitation.tsx';
import { nextReviewMeeting, when } from '../meetings/when.ts';

const UNDER_REVIEW: RequestState[] = ['submitted', 'in-review', 'changes-requested'];

/** Where a request waiting for a decision is discussed: the next meeting that reviews requests. */
export function ReviewMeeting({ state }: { state: RequestState }) {
  const meetings = useApi<Meetings>(UNDER_REVIEW.includes(state) ? '/api/v1/meetings' : undefined);
  // The state can move on while the page is open (a review action): the old answer stays.
  const next =
    UNDER_REVIEW.includes(state) && meetings.data ? nextReviewMeeting(meetings.data) : undefined;
  if (!next) return null;
  const meeting = meetings.data?.items.find((m) => m.slug === next.meeting);
  return (
    <Notice
      variant="info"
      title={`Discussed in the open at the ${next.title}, ${when(next)}`}
      dataTest="review-meeting"
    >
      <p>
        {meeting?.description ?? 'Requests waiting for a decision are on its agenda.'} Come along:
        ask for an invitation here{meeting?.contact ? ` or from ${meeting.contact}` : ''}.
      </p>
      <AskInvitation meeting={next.meeting} />
    </Notice>
  );
}

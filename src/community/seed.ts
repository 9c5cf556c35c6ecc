import type { ChannelRow, MeetingFields, Tx } from '../store/index.ts';
import { upsertChannel, upsertMeeting } from '../store/index.ts';

/**
 * The two meetings of the seeds. Both share the Wednesday 8:30 America/New_York slot on
 * alternate weeks (the docs site says 8:30, the README 8:00: the time is data). They follow
 * the ISO-week parity the docs state ("even numbered weeks for 2020" for coordination, "odd
 * numbered weeks for 2021" for sprint planning); admins can switch either to a strict
 * every-other-week cadence, and the parity report shows where the two rules part.
 */
export const SEED_MEETINGS: MeetingFields[] = [
  {
    slug: 'coordination',
    title: 'Operate First Project Coordination meeting',
    description:
      'New projects are brought here: requests in review are on the agenda. Alternate Wednesdays, even ISO weeks.',
    zone: 'America/New_York',
    localTime: '08:30',
    durationMinutes: 60,
    recurrence: { rule: 'iso-week-parity', anchor: '2020-01-08', until: null },
    url: null,
    contact: 'Bill Burns (bburns@redhat.com)',
    reviewsRequests: true,
  },
  {
    slug: 'sprint-planning',
    title: 'MOC/ODH sprint planning',
    description:
      'Ops-team planning of the fundamentals of the cloud environment. The other Wednesdays, odd ISO weeks.',
    zone: 'America/New_York',
    localTime: '08:30',
    durationMinutes: 60,
    recurrence: { rule: 'iso-week-parity', anchor: '2020-01-01', until: null },
    url: null,
    contact: 'Lars Kellogg-Stedman (lars@redhat.com)',
    reviewsRequests: false,
  },
];

/**
 * The channels the seeds name. The README puts a Google Chat room URL next to the
 * Operate-first-users list; it is the "Operate First Ops" room's, so it sits there. The
 * MOC list's address is not in the seeds: admins fill it in before mail goes out.
 */
export const SEED_CHANNELS: ChannelRow[] = [
  {
    slug: 'operate-first-ops',
    kind: 'chat',
    name: 'Operate First Ops (Google Chat)',
    description: 'What is happening right now; ask Bill or Lars for an invite to the room.',
    url: 'https://chat.google.com/room/AAAAAYpDdc8',
    address: null,
    position: 1,
    announce: true,
  },
  {
    slug: 'operate-first-users',
    kind: 'mailing-list',
    name: 'Operate-first-users (MOC)',
    description: 'The general mailing list: join it and introduce your project.',
    url: null,
    address: null,
    position: 2,
    announce: true,
  },
  {
    slug: 'openinfralabs',
    kind: 'mailing-list',
    name: 'Openinfralabs',
    description: 'The Open Infrastructure Labs mailing list.',
    url: 'http://lists.opendev.org/cgi-bin/mailman/listinfo/openinfralabs',
    address: 'openinfralabs@lists.opendev.org',
    position: 3,
    announce: false,
  },
  {
    slug: 'oi-labs-board',
    kind: 'board',
    name: 'OI Labs project board',
    description: 'An overview of what is happening, on GitHub.',
    url: 'https://github.com/orgs/open-infrastructure-labs/projects/2',
    address: null,
    position: 4,
    announce: false,
  },
];

/** Meetings and channels of an empty cloud (part of the reference data). */
export async function seedCommunityData(tx: Tx): Promise<void> {
  for (const meeting of SEED_MEETINGS) await upsertMeeting({ tx }, meeting);
  for (const channel of SEED_CHANNELS) await upsertChannel({ tx }, channel);
}

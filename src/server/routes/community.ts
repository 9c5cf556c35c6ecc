import type { FastifyInstance } from 'fastify';
import type { ServerDeps } from '../deps.ts';
import { agendaRoutes } from './agenda.ts';
import { announcementRoutes } from './announcements.ts';
import { channelRoutes } from './channels.ts';
import { invitationRoutes } from './invitations.ts';
import { meetingRoutes } from './meetings.ts';
import { overviewRoutes } from './overview.ts';

/** Community coordination: meetings and their calendars, channels, announcements, feeds. */
export async function communityRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  await app.register(meetingRoutes, deps);
  await app.register(channelRoutes, deps);
  await app.register(announcementRoutes, deps);
  await app.register(invitationRoutes, deps);
  await app.register(agendaRoutes, deps);
  await app.register(overviewRoutes, deps);
}

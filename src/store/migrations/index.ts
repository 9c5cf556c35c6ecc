import type { Migration } from 'kysely';
import * as initial from './20261122T0100-initial.ts';
import * as identity from './20261122T0300-identity.ts';
import * as community from './20261122T0400-community.ts';
import * as siteContent from './20261122T0500-site-content.ts';
import * as memberChanges from './20261122T0600-member-changes.ts';
import * as clusterArgocdUrl from './20261122T0700-cluster-argocd-url.ts';
import * as projectSearchIndex from './20261203T0100-project-search-index.ts';
import * as projectCounts from './20261203T0200-project-counts.ts';
import * as jobLeases from './20261203T0300-job-leases.ts';
import * as rateLimits from './20261203T0400-rate-limits.ts';
import * as teamConsents from './20261204T0200-team-consents.ts';
import * as invitationDelivery from './20261204T0210-invitation-delivery.ts';
import * as jobOpenKey from './20261204T0300-job-open-key.ts';
import * as telemetry from './20261204T0400-telemetry.ts';
import * as incidents from './20261204T0500-incidents.ts';
import * as engagement from './20261204T0600-engagement.ts';
import * as announcementChannels from './20261204T0700-announcement-channels.ts';
import * as reportSettings from './20261205T0100-report-settings.ts';
import * as incidentAcknowledgements from './20261205T0400-incident-acknowledgements.ts';
import * as podsNeverReady from './20261206T0100-pods-never-ready.ts';
import * as projectListings from './20261206T0500-project-listings.ts';
import * as telemetryDayParts from './20261207T0200-telemetry-day-parts.ts';
import * as projectSearchByStatus from './20261208T0200-project-search-by-status.ts';
import * as requestActivations from './20261209T0100-request-activations.ts';
import * as publicEventTexts from './20261210T0100-public-event-texts.ts';
import * as projectSearchPerStatus from './20261210T0200-project-search-per-status.ts';

/**
 * Every migration, by timestamped name. Names sort in the order they apply; a published
 * migration is never edited, only followed by a new one.
 */
export const MIGRATIONS: Record<string, Migration> = {
  '20261122T0100-initial': initial,
  '20261122T0400-community': community,
  '20261122T0300-identity': identity,
  '20261122T0500-site-content': siteContent,
  '20261122T0600-member-changes': memberChanges,
  '20261122T0700-cluster-argocd-url': clusterArgocdUrl,
  '20261203T0100-project-search-index': projectSearchIndex,
  '20261203T0200-project-counts': projectCounts,
  '20261203T0300-job-leases': jobLeases,
  '20261203T0400-rate-limits': rateLimits,
  '20261204T0300-job-open-key': jobOpenKey,
  '20261204T0500-incidents': incidents,
  '20261204T0600-engagement': engagement,
  '20261204T0700-announcement-channels': announcementChannels,
  '20261204T0200-team-consents': teamConsents,
  '20261204T0210-invitation-delivery': invitationDelivery,
  '20261204T0400-telemetry': telemetry,
  '20261205T0100-report-settings': reportSettings,
  '20261205T0400-incident-acknowledgements': incidentAcknowledgements,
  '20261206T0100-pods-never-ready': podsNeverReady,
  '20261206T0500-project-listings': projectListings,
  '20261207T0200-telemetry-day-parts': telemetryDayParts,
  '20261208T0200-project-search-by-status': projectSearchByStatus,
  '20261209T0100-request-activations': requestActivations,
  '20261210T0100-public-event-texts': publicEventTexts,
  '20261210T0200-project-search-per-status': projectSearchPerStatus,
};

import type { ColumnType } from 'kysely';

/** The site content table (migration 20261122T0500-site-content) as Kysely sees it. */
export interface SiteContentDocument {
  title: string;
  intro: string;
  parts: { title: string; text: string }[];
  steps: { title: string; text: string }[];
  meetings: { name: string; schedule: string; text: string }[];
  channels: { name: string; kind: string; url: string | null; text: string }[];
}

export interface SiteContentTable {
  id: string;
  content: ColumnType<SiteContentDocument, string, string>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  updated_by: string;
}

export interface SiteContentSchema {
  site_content: SiteContentTable;
}

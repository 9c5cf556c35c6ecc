import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * Where a cluster's ArgoCD shows its applications: the portal links an active project there
 * (one ArgoCD may serve several clusters, so each cluster names the one that deploys to it).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, 'alter table clusters add column argocd_url text;');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, 'alter table clusters drop column argocd_url;');
}

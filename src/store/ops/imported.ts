import type { TxContext } from '../schema.ts';

// What adopting an existing GitOps repository writes: projects and namespaces marked as
// imported, never overwriting what opf itself manages.

export async function insertImportedProject(
  { tx }: TxContext,
  project: {
    name: string;
    displayName: string;
    description: string;
    team: { name: string; owner: string; members: string[] };
  },
): Promise<boolean> {
  const result = await tx
    .insertInto('projects')
    .values({
      name: project.name,
      display_name: project.displayName,
      description: project.description,
      repository_url: null,
      docs_url: null,
      contacts: '[]',
      status: 'active',
      imported: true,
      team: JSON.stringify(project.team),
      latest_request_id: null,
    })
    .onConflict((oc) => oc.column('name').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function insertImportedClaim(
  { tx }: TxContext,
  claim: { name: string; clusterId: string | null; projectName: string; tier: string | null },
): Promise<boolean> {
  const result = await tx
    .insertInto('namespace_claims')
    .values({
      name: claim.name,
      cluster_id: claim.clusterId,
      project_name: claim.projectName,
      request_id: null,
      tier: claim.tier,
      source: 'imported',
    })
    .onConflict((oc) => oc.column('name').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

import { isRfc1123Label } from '../core/index.ts';
import type { Inventory } from '../gitops/index.ts';
import type { OnboardingContext } from '../onboarding/index.ts';
import {
  appendAuditEvent,
  insertCluster,
  insertImportedClaim,
  insertImportedProject,
  listClusters,
  type Tx,
} from '../store/index.ts';

export interface AdoptionReport {
  clustersAdded: string[];
  projectsAdded: number;
  namespacesAdded: number;
}

/**
 * Adopt an existing GitOps repository: every namespace it holds becomes a namespace opf
 * knows (so nobody can request it again) under a project marked as imported, grouped by
 * the team that administers it. Nothing opf already manages is changed; running it again
 * adds only what is new.
 */
export async function adoptInventory(
  ctx: OnboardingContext,
  inventory: Inventory,
): Promise<AdoptionReport> {
  return ctx.db.transaction().execute(async (tx: Tx) => {
    const known = new Set((await listClusters({ tx })).map((c) => `${c.env}/${c.name}`));
    const clustersAdded: string[] = [];
    for (const cluster of inventory.clusters) {
      const id = `${cluster.env}/${cluster.name}`;
      if (known.has(id) || !isRfc1123Label(cluster.env) || !isRfc1123Label(cluster.name)) continue;
      // Capacity is not in the repository; an admin sets it (0 means unknown).
      await insertCluster(
        { tx },
        {
          env: cluster.env,
          name: cluster.name,
          displayName: `${id} (imported)`,
          capacity: { cpu: '0', memory: '0', storage: '0' },
        },
      );
      known.add(id);
      clustersAdded.push(id);
    }
    const groups = new Map(inventory.groups.map((g) => [g.name, g]));
    let projectsAdded = 0;
    let namespacesAdded = 0;
    for (const ns of inventory.namespaces) {
      const admin = ns.roleBindings.admin.find(isRfc1123Label);
      const projectName = admin ?? ns.name;
      const members = (admin && groups.get(admin)?.users) || [];
      const owner =
        ns.annotations['op1st/project-owner'] ?? ns.requester ?? members[0] ?? 'unknown';
      if (
        await insertImportedProject(
          { tx },
          {
            name: projectName,
            displayName: ns.displayName ?? projectName,
            description:
              ns.annotations['openshift.io/description'] ??
              `Imported from the GitOps repository (${ns.path}).`,
            team: { name: projectName, owner, members },
          },
        )
      )
        projectsAdded += 1;
      const clusterId = ns.clusters.find((c) => known.has(c)) ?? null;
      const tier = ns.tier ?? (ns.customQuota ? 'custom' : null);
      // Claimed under the name the cluster gets: a directory may make a namespace of another
      // name (the fixture's curator-operator makes curator-operator-system).
      const name =
        ns.objectName !== undefined && isRfc1123Label(ns.objectName) ? ns.objectName : ns.name;
      if (await insertImportedClaim({ tx }, { name, clusterId, projectName, tier }))
        namespacesAdded += 1;
    }
    const report = { clustersAdded, projectsAdded, namespacesAdded };
    if (clustersAdded.length || projectsAdded || namespacesAdded)
      await appendAuditEvent(
        { tx },
        {
          actor: 'opf-gitops',
          action: 'gitops.adopt',
          subjectType: 'gitops',
          subjectId: 'repository',
          after: report,
          visibility: 'public',
        },
      );
    return report;
  });
}

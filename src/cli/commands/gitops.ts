import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { OpfError } from '../../core/index.ts';
import type { Inventory, Plan, RepoFs } from '../../gitops/index.ts';
import { json, table } from '../format.ts';
import { type LocationOptions, locatedCommand, locateRepository } from '../gitops-location.ts';
import { type CliIo, processIo } from '../io.ts';

/** The GitOps engine, loaded when a gitops command runs rather than behind every `opf` run. */
const engine = () => import('../../gitops/index.ts');

/**
 * Offline GitOps commands: they read and write a local checkout of the apps repository and
 * need no server. Write commands commit in that checkout; --dry-run prints the diff instead.
 */
export function registerGitopsCommands(program: Command, io: CliIo = processIo()): void {
  // --json after the subcommand is its own option; before it (`opf --json gitops …`), opf's global.
  const deliver = (dir: string, plan: Plan, options: DeliverOptions) =>
    deliverPlan(io, dir, plan, {
      ...options,
      json: options.json === true || Boolean((program.opts() as { json?: boolean }).json),
    });
  const gitops = program
    .command('gitops')
    .description('read, check and change a local checkout of the apps repository (offline)');

  locatedCommand(
    gitops,
    'inventory',
    'what the repository holds: clusters, namespaces, groups, AppProjects',
  )
    .option('--json', 'print JSON')
    .action(async (options, command) => {
      const { openRepositoryInParallel } = await engine();
      const inventory = (await openRepositoryInParallel(await locateRepository(io, options)))
        .inventory;
      const asJson = Boolean((command.optsWithGlobals() as { json?: boolean }).json);
      io.out(asJson ? json(inventory) : renderInventory(inventory));
    });

  locatedCommand(
    gitops,
    'validate',
    'report every finding with its path; exits non-zero when there is any',
  )
    .option('--cluster <env/name>', 'only what this cluster’s overlay reaches')
    .option('--kustomize', 'also run `kubectl kustomize` on every namespace directory in scope')
    .option('--json', 'print JSON')
    .action(async (options, command) => {
      const { validateRepositoryInParallel, validateWithKustomize } = await engine();
      const dir = await locateRepository(io, options);
      const scope = { ...(options.cluster !== undefined && { cluster: options.cluster }) };
      const findings = options.kustomize
        ? await validateWithKustomize(dir, scope)
        : await validateRepositoryInParallel(dir, scope);
      if ((command.optsWithGlobals() as { json?: boolean }).json) io.out(json(findings));
      else for (const f of findings) io.out(`${f.code} ${f.path}: ${f.message}`);
      if (findings.length > 0)
        throw new OpfError(
          'OPF_ERR_GITOPS_FINDINGS',
          `${findings.length} finding(s) in the repository`,
        );
    });

  // opfcli took the onboard file positionally; opf's `-f FILE` keeps working, so here `-f` is
  // the request file and opfcli's config file is only `--config-file`.
  writeCommand(
    gitops,
    'onboard',
    'onboard a team from a request file (opf or opfcli format)',
    false,
  )
    .argument('[file]', 'the request file (YAML or JSON), as opfcli took it')
    .option('-f, --file <file>', 'the request file (opf’s form)')
    .option('--request-url <url>', 'link to the request (annotation op1st/onboarding-issue)')
    .action(async (positional, options) => {
      const file = requestFile(positional, options.file);
      const dir = await readyDir(io, options);
      const request = await readRequest(io, file);
      const { openRepositoryInParallel, planOnboarding } = await engine();
      const repo = await openRepositoryInParallel(dir);
      const plan = planOnboarding(repo, request, {
        ...(options.requestUrl !== undefined && { requestUrl: options.requestUrl }),
      });
      await deliver(dir, plan, { ...options, tree: repo.fs });
    });

  writeCommand(gitops, 'grant-access', 'bind a group to admin, edit or view in a namespace')
    .argument('<namespace>')
    .argument('<group>')
    .argument('<role>', 'admin | edit | view')
    .action(async (ns, group, role, options) => {
      const dir = await readyDir(io, options);
      const { openRepositoryInParallel, planGrantAccess } = await engine();
      const repo = await openRepositoryInParallel(dir);
      await deliver(dir, planGrantAccess(repo, ns, group, role), { ...options, tree: repo.fs });
    });

  writeCommand(gitops, 'enable-monitoring', 'let the cluster monitoring read a namespace')
    .argument('<namespace>')
    .action(async (ns, options) => {
      const dir = await readyDir(io, options);
      const { openRepositoryInParallel, planEnableMonitoring } = await engine();
      const repo = await openRepositoryInParallel(dir);
      await deliver(dir, planEnableMonitoring(repo, ns), { ...options, tree: repo.fs });
    });

  writeCommand(gitops, 'set-quota', 'give a namespace another quota tier on one cluster')
    .argument('<namespace>')
    .argument('<tier>')
    .requiredOption('--cluster <env/name>', 'the cluster whose overlay gets the patch')
    .action(async (ns, tier, options) => {
      const dir = await readyDir(io, options);
      const { openRepositoryInParallel, planClusterQuota } = await engine();
      const repo = await openRepositoryInParallel(dir);
      const plan = planClusterQuota(repo, ns, options.cluster, tier);
      await deliver(dir, plan, { ...options, tree: repo.fs });
    });

  writeCommand(gitops, 'create-group', 'create a group (opfcli create-group)')
    .argument('<group>')
    .option('-u, --users <logins>', 'comma-separated GitHub logins (none: an empty group)')
    .option('--exists-ok', 'reuse the group when it exists (merging the users given)')
    .action(async (group, options) => {
      const dir = await readyDir(io, options);
      const { openRepositoryInParallel, planCreateGroup } = await engine();
      const users = splitList(options.users);
      const repo = await openRepositoryInParallel(dir);
      const plan = planCreateGroup(repo, group, users, { existsOk: options.existsOk === true });
      await deliver(dir, plan, { ...options, tree: repo.fs });
    });

  writeCommand(
    gitops,
    'create-project',
    'create a namespace owned by a group (opfcli create-project)',
  )
    .argument('<name>', 'the namespace')
    .argument('<owner>', 'the group owning it (created empty when missing)')
    .option('-d, --display-name <text>', 'openshift.io/display-name')
    .option('-q, --quota <tier>', 'a quota tier (components/resourcequotas/<tier>)')
    .option('-n, --no-limitrange', 'no default limit range')
    .option('--cluster <env/name>', 'also list the namespace in this cluster’s overlay')
    .action(async (name, owner, options) => {
      const dir = await readyDir(io, options);
      const { openRepositoryInParallel, planCreateProject } = await engine();
      const repo = await openRepositoryInParallel(dir);
      const plan = planCreateProject(repo, name, owner, {
        ...(options.displayName !== undefined && { displayName: options.displayName }),
        ...(options.quota !== undefined && { quota: options.quota }),
        ...(options.cluster !== undefined && { cluster: options.cluster }),
        limitRange: options.limitrange,
      });
      await deliver(dir, plan, { ...options, tree: repo.fs });
    });

  writeCommand(
    gitops,
    'install-operator',
    'subscribe to an operator from a catalog (opfcli install-operator)',
  )
    .argument('<name>', 'the operator (package) name')
    .argument('<catalog>', 'the catalog source in openshift-marketplace')
    .option('-n, --namespace <ns>', 'where the operator runs', 'openshift-operators')
    .option(
      '-o, --owner <group>',
      'the group owning the namespace if it is created',
      'operate-first',
    )
    .option('-c, --channel <channel>', 'the subscription channel')
    .option('-m, --manual', 'installPlanApproval: Manual')
    .option('-s, --single-namespace', 'the OperatorGroup targets its own namespace only')
    .option('--cluster <env/name>', 'also list what is installed in this cluster’s overlay')
    .action(async (name, catalog, options) => {
      const dir = await readyDir(io, options);
      const { openRepositoryInParallel, planInstallOperator } = await engine();
      const repo = await openRepositoryInParallel(dir);
      const plan = planInstallOperator(repo, name, catalog, {
        namespace: options.namespace,
        owner: options.owner,
        ...(options.channel !== undefined && { channel: options.channel }),
        ...(options.cluster !== undefined && { cluster: options.cluster }),
        manual: options.manual === true,
        singleNamespace: options.singleNamespace === true,
      });
      await deliver(dir, plan, { ...options, tree: repo.fs });
    });

  writeCommand(gitops, 'offboard', 'remove a namespace and what only it used')
    .argument('<namespace>')
    .action(async (ns, options) => {
      const dir = await readyDir(io, options);
      const { openRepositoryInParallel, planOffboarding } = await engine();
      const repo = await openRepositoryInParallel(dir);
      await deliver(dir, planOffboarding(repo, ns), { ...options, tree: repo.fs });
    });
}

function writeCommand(parent: Command, name: string, description: string, shortConfigFlag = true) {
  return locatedCommand(parent, name, description, shortConfigFlag)
    .option('--dry-run', 'print the unified diff and change nothing')
    .option(
      '--json',
      'print what was done (or would be) as JSON: summary, dryRun, changed, commit, files, diff',
    )
    .option('--no-kustomize', 'do not run `kubectl kustomize` on the changed directories');
}

/** opfcli's comma-separated lists (`-u a,b`); blanks between commas are dropped. */
function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** The checkout, after undoing a change a crash interrupted, so plans start from a whole tree. */
async function readyDir(io: CliIo, location: LocationOptions): Promise<string> {
  const abs = await locateRepository(io, location);
  const { recoverWorkingTree } = await engine();
  const outcome = await recoverWorkingTree(abs);
  if (outcome === 'rolled-back') io.err(`note: rolled back an interrupted change in ${abs}`);
  return abs;
}

/** The request file, given once: positionally (opfcli) or with -f (opf). */
function requestFile(positional: string | undefined, flag: string | undefined): string {
  if (positional !== undefined && flag !== undefined && positional !== flag)
    throw new OpfError('OPF_ERR_USAGE', `two request files given: ${positional} and -f ${flag}`);
  const file = positional ?? flag;
  if (file === undefined)
    throw new OpfError('OPF_ERR_USAGE', 'the request file is missing: opf gitops onboard FILE');
  return file;
}

async function readRequest(io: CliIo, file: string) {
  const { decodeOnboardInput, parseYamlInput } = await import('../request-decoding.ts');
  let text: string;
  try {
    text = readFileSync(resolve(io.cwd, file), 'utf8');
  } catch (error) {
    throw new OpfError(
      'OPF_ERR_FILE_UNREADABLE',
      `cannot read ${file}: ${(error as Error).message}`,
    );
  }
  // Offline writes are an operator's tool, not a request submission: no terms to accept here,
  // and an opfcli file without users makes an empty group.
  return decodeOnboardInput(parseYamlInput(text, file), file);
}

interface DeliverOptions {
  dryRun?: boolean;
  kustomize?: boolean;
  tree?: RepoFs;
  json?: boolean;
}

async function deliverPlan(
  io: CliIo,
  dir: string,
  plan: Plan,
  options: DeliverOptions,
): Promise<void> {
  // opf's global --json: what was done (or would be, with --dry-run) as one JSON object.
  const asJson = options.json === true;
  const files = plan.changes.map((c) => ({ path: c.path, action: c.action }));
  const report = (extra: Record<string, unknown>) =>
    io.out(json({ summary: plan.summary, dryRun: options.dryRun === true, files, ...extra }));
  if (plan.changes.length === 0) {
    if (asJson) report({ changed: false, commit: null });
    else io.out(`nothing to change: ${plan.summary} is already in place`);
    return;
  }
  const { commitPlan, unifiedDiffs } = await engine();
  if (options.dryRun) {
    const diff = unifiedDiffs(plan.changes);
    if (asJson) report({ changed: true, commit: null, diff });
    else io.out(diff.trimEnd());
    return;
  }
  const result = await commitPlan(dir, plan, {
    kustomize: options.kustomize !== false,
    // The tree the plan was read from: validation need not read it again.
    ...(options.tree && { tree: options.tree }),
  });
  if (result.preExisting.length > 0)
    io.err(
      `note: the repository has ${result.preExisting.length} finding(s) that predate this change (opf gitops validate lists them)`,
    );
  if (asJson) {
    report({ changed: true, commit: result.commit ?? null });
    return;
  }
  io.out(`committed ${result.commit?.slice(0, 12) ?? ''}: ${plan.summary}`);
  for (const change of plan.changes) io.out(`  ${change.action} ${change.path}`);
}

function renderInventory(inventory: Inventory): string {
  const clusters = table(
    ['CLUSTER', 'NAMESPACES', 'OVERLAY'],
    inventory.clusters.map((c) => [`${c.env}/${c.name}`, String(c.namespaces.length), c.path]),
  );
  return [
    clusters,
    '',
    `${inventory.namespaces.length} namespaces, ${inventory.groups.length} groups, ${inventory.appProjects.length} AppProjects, ${inventory.tiers.length} quota tiers`,
    `${inventory.unmodelled.length} files kept as they are (not modelled)`,
  ].join('\n');
}

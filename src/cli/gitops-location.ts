import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { OpfError } from '../core/index.ts';
import type { CliIo } from './io.ts';

/** opfcli's application directory, and the only one opf's engine reads and writes. */
export const DEFAULT_APP_NAME = 'cluster-scope';

/** Where opfcli looked for its configuration: `.opfcli.<ext>` in the repository directory. */
const CONFIG_NAMES = ['.opfcli.yaml', '.opfcli.yml', '.opfcli.json'];

/** The repository-location options as commander hands them to an action. */
export interface LocationOptions {
  repo?: string;
  repoDir?: string;
  repodir?: string;
  configFile?: string;
  appName?: string;
}

/**
 * A gitops subcommand with opf's `--repo` plus opfcli's persistent flags, so an opfcli user's
 * command line works unchanged. `-f` is opfcli's config file everywhere but `onboard`, where
 * opf already used it for the request file: there only the long `--config-file` is offered.
 */
export function locatedCommand(
  parent: Command,
  name: string,
  description: string,
  shortConfigFlag = true,
) {
  return parent
    .command(name)
    .description(description)
    .option('--repo <dir>', 'the apps repository checkout (default: as -r finds it)')
    .option(
      '-r, --repo-dir <dir>',
      'opfcli’s name for --repo (also env OPF_REPO_DIR, `repo-dir` in .opfcli.yaml; default: the enclosing git working tree, else the current directory)',
    )
    .option('-R, --repodir <dir>', 'opfcli’s older name for --repo-dir')
    .option(
      shortConfigFlag ? '-f, --config-file <file>' : '--config-file <file>',
      'opfcli’s configuration file (default: .opfcli.yaml in the repository directory)',
    )
    .option(
      '-a, --app-name <dir>',
      `opfcli’s application directory: only ${DEFAULT_APP_NAME} (also env OPF_APP_NAME, \`app-name\` in .opfcli.yaml)`,
    );
}

/**
 * The repository directory, found as opfcli found it (flag, then env OPF_REPO_DIR, then the
 * config file's `repo-dir`, then the enclosing git working tree of the current directory,
 * then the current directory).
 */
export async function locateRepository(io: CliIo, options: LocationOptions): Promise<string> {
  const flag = oneFlag(options);
  // The config file is looked for where the flag or the working tree points, as opfcli did:
  // its own `repo-dir` can then move the repository elsewhere.
  const searched = flag !== undefined ? resolve(io.cwd, flag) : enclosingWorkTree(io.cwd);
  const config = await readConfig(io, options.configFile, searched);
  const envDir = nonEmpty(io.env.OPF_REPO_DIR);
  const dir = flag ?? envDir ?? config['repo-dir'];
  checkAppName(options.appName ?? nonEmpty(io.env.OPF_APP_NAME) ?? config['app-name']);
  return dir !== undefined ? resolve(io.cwd, dir) : searched;
}

function oneFlag(options: LocationOptions): string | undefined {
  const given = [options.repo, options.repoDir, options.repodir].filter(
    (value): value is string => value !== undefined,
  );
  const distinct = new Set(given);
  if (distinct.size > 1)
    throw new OpfError(
      'OPF_ERR_USAGE',
      `--repo, --repo-dir and --repodir name different directories: ${[...distinct].join(', ')}`,
    );
  return given[0];
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** `git rev-parse --show-toplevel` from `cwd`, or `cwd` itself outside a working tree. */
function enclosingWorkTree(cwd: string): string {
  const result = spawnSync('git', ['rev-parse', '--show-toplevel'], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const top = result.status === 0 ? result.stdout.trim() : '';
  return top !== '' ? top : cwd;
}

interface OpfcliConfig {
  'repo-dir'?: string;
  'app-name'?: string;
}

/** An explicit file must be readable; the implicit `.opfcli.yaml` may be absent. */
async function readConfig(
  io: CliIo,
  explicit: string | undefined,
  searched: string,
): Promise<OpfcliConfig> {
  const path =
    explicit !== undefined
      ? resolve(io.cwd, explicit)
      : CONFIG_NAMES.map((name) => join(searched, name)).find((candidate) => existsSync(candidate));
  if (path === undefined) return {};
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new OpfError(
      'OPF_ERR_FILE_UNREADABLE',
      `cannot read the configuration file ${path}: ${(error as Error).message}`,
    );
  }
  return configValues(text, path);
}

async function configValues(text: string, path: string): Promise<OpfcliConfig> {
  // Lazily: YAML (and core's reader of it) are loaded only when a config file exists.
  const { parseYamlInput } = await import('./request-decoding.ts');
  const value = parseYamlInput(text, path).value ?? {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw new OpfError('OPF_ERR_GITOPS_CONFIG_INVALID', `${path} is not a mapping of settings`);
  const config: OpfcliConfig = {};
  for (const key of ['repo-dir', 'app-name'] as const) {
    const setting = (value as Record<string, unknown>)[key];
    if (setting === undefined || setting === null || setting === '') continue;
    if (typeof setting !== 'string')
      throw new OpfError('OPF_ERR_GITOPS_CONFIG_INVALID', `${path}: ${key} must be a string`);
    config[key] = setting;
  }
  return config;
}

/**
 * opf's engine keeps its layout's root (cluster-scope/) as one constant its plans, inventory
 * and validation share; another application directory is refused rather than half-honoured.
 */
function checkAppName(appName: string | undefined): void {
  if (appName === undefined || appName === DEFAULT_APP_NAME) return;
  throw new OpfError(
    'OPF_ERR_GITOPS_APP_NAME_UNSUPPORTED',
    `application directory ${appName} is not supported: opf reads and writes ${DEFAULT_APP_NAME}/ only (docs/gitops.md)`,
  );
}

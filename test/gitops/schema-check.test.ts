import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OpfError } from '../../src/core/index.ts';
import {
  assertNoNewFindings,
  type FileChange,
  schemaFindings,
  snapshotFs,
} from '../../src/gitops/index.ts';

const TESTDATA = join(import.meta.dirname, '../../testdata/gitops');

function filesUnder(dir: string): FileChange[] {
  const out: FileChange[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else
        out.push({
          path: relative(dir, path),
          action: 'create',
          content: readFileSync(path, 'utf8'),
        });
    }
  };
  walk(dir);
  return out;
}

describe('Kubernetes schema validation of what a change writes', () => {
  it('every object of every golden tree passes its schema (namespaces, quotas, limit ranges, role bindings, groups, AppProjects, Applications)', () => {
    const cases = readdirSync(TESTDATA).filter((name) =>
      statSync(join(TESTDATA, name, 'expected'), { throwIfNoEntry: false })?.isDirectory(),
    );
    expect(cases.length).toBeGreaterThanOrEqual(5);
    let objects = 0;
    for (const name of cases) {
      const files = filesUnder(join(TESTDATA, name, 'expected'));
      objects += files.filter((f) =>
        /kind: (Namespace|ResourceQuota|RoleBinding|Group|AppProject|Application)\b/.test(
          f.content ?? '',
        ),
      ).length;
      expect(schemaFindings(files), name).toEqual([]);
    }
    expect(objects).toBeGreaterThan(20);
  });

  it.each([
    [
      'a ResourceQuota with a bad quantity',
      'apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: q\nspec:\n  hard:\n    limits.cpu: 4 cpus\n',
      /hard.*quantity/,
    ],
    [
      'a Namespace whose name is a number',
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: 5\n',
      /name must be string/,
    ],
    [
      'a Group whose users are not a list',
      'apiVersion: user.openshift.io/v1\nkind: Group\nmetadata:\n  name: g\nusers: alice\n',
      /users must be array/,
    ],
    [
      'an AppProject with destinations that are not a list',
      'apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata:\n  name: p\nspec:\n  destinations: all\n',
      /destinations must be array/,
    ],
    [
      'a RoleBinding without a roleRef',
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: rb\nsubjects: []\n',
      /roleRef/,
    ],
  ])('refuses %s, naming the file', (_what, content, message) => {
    const findings = schemaFindings([
      { path: 'cluster-scope/x/thing.yaml', action: 'create', content },
    ]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      code: 'OPF_ERR_GITOPS_SCHEMA_INVALID',
      path: 'cluster-scope/x/thing.yaml',
    });
    expect(findings[0]?.message).toMatch(message);
  });

  it('a change carrying an invalid object is refused before anything is written', () => {
    const base = join(TESTDATA, 'base');
    const change: FileChange = {
      path: 'cluster-scope/base/core/namespaces/broken/namespace.yaml',
      action: 'create',
      content: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: [broken]\n',
    };
    expect(() => assertNoNewFindings(snapshotFs(base), [change])).toThrow(
      expect.objectContaining({ code: 'OPF_ERR_GITOPS_VALIDATION_FAILED' }) as unknown as OpfError,
    );
  });
});

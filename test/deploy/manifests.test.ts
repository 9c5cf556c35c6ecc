import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { z } from 'zod';
import { CnpgCluster, CnpgScheduledBackup, Route } from './crd-schemas.ts';
import { unknownFields } from './strict-schema.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const OVERLAYS = ['openshift', 'kubernetes'] as const;

type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  // biome-ignore lint/suspicious/noExplicitAny: manifests are plain YAML; each test checks the shape it reads.
  [key: string]: any;
};

/** Model classes: `validate()` checks the object against its Kubernetes schema. */
const MODELS: Record<string, { prototype: { validate(): void } }> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Namespace': Namespace,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
  'apps/v1/Deployment': Deployment,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/Ingress': Ingress,
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor,
  'monitoring.coreos.com/v1/PrometheusRule': PrometheusRule,
};
const CRD_SCHEMAS: Record<string, z.ZodType> = {
  'route.openshift.io/v1/Route': Route,
  'postgresql.cnpg.io/v1/Cluster': CnpgCluster,
  'postgresql.cnpg.io/v1/ScheduledBackup': CnpgScheduledBackup,
};

function parseObjects(text: string): K8sObject[] {
  return parseAllDocuments(text).map((doc) => doc.toJS() as K8sObject);
}

/** Schema problems of one object: its model's validation, unknown fields, or the zod check. */
function schemaProblems(object: K8sObject): string[] {
  const type = `${object.apiVersion}/${object.kind}`;
  const model = MODELS[type];
  if (model) {
    try {
      model.prototype.validate.call(object);
    } catch (error) {
      return [(error as Error).message];
    }
    return unknownFields(model.prototype.validate, object).map((path) => `unknown field ${path}`);
  }
  const schema = CRD_SCHEMAS[type];
  if (!schema) return [`no schema for ${type}`];
  const result = schema.safeParse(object);
  return result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join('/')}: ${issue.message}`);
}

const built: Record<(typeof OVERLAYS)[number], K8sObject[]> = { openshift: [], kubernetes: [] };
beforeAll(() => {
  for (const overlay of OVERLAYS)
    built[overlay] = parseObjects(
      execFileSync('kubectl', ['kustomize', join(ROOT, 'deploy', 'overlays', overlay)], {
        encoding: 'utf8',
      }),
    );
});

function exampleObjects(file: string): K8sObject[] {
  return parseObjects(readFileSync(join(ROOT, 'deploy', 'examples', file), 'utf8'));
}

function find(objects: K8sObject[], kind: string, name: string): K8sObject {
  const object = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!object) throw new Error(`no ${kind} ${name}`);
  return object;
}

function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

describe('the schema check itself', () => {
  it('catches a wrong type, a misspelt field and a misspelt CRD field', () => {
    const deployment = structuredClone(find(built.kubernetes, 'Deployment', 'opf-server'));
    deployment.spec.replicas = 'two';
    expect(schemaProblems(deployment).join()).toMatch(/replicas must be integer/);
    const typo = structuredClone(find(built.kubernetes, 'Deployment', 'opf-server'));
    const container = typo.spec.template.spec.containers[0];
    container.readinesProbe = container.readinessProbe;
    delete container.readinessProbe;
    expect(schemaProblems(typo)).toEqual([
      'unknown field /spec/template/spec/containers/0/readinesProbe',
    ]);
    const route = structuredClone(find(built.openshift, 'Route', 'opf'));
    route.spec.tls.termination = 'edgy';
    expect(schemaProblems(route).join()).toMatch(/spec\/tls\/termination/);
  });
});

describe.each(OVERLAYS)('kubectl kustomize deploy/overlays/%s', (overlay) => {
  const objects = () => built[overlay];

  it('builds, and every object passes its schema with no unknown field', () => {
    expect(objects().length).toBeGreaterThanOrEqual(10);
    for (const object of objects())
      expect(schemaProblems(object), `${object.kind} ${object.metadata.name}`).toEqual([]);
    const kinds = objects().map((o) => o.kind);
    for (const kind of ['ServiceMonitor', 'PrometheusRule', 'PodDisruptionBudget', 'ConfigMap'])
      expect(kinds).toContain(kind);
    expect(kinds).toContain(overlay === 'openshift' ? 'Route' : 'Ingress');
  });

  it('runs at least two server replicas serving HTTP, and the job runner as its own Deployment', () => {
    const server = find(objects(), 'Deployment', 'opf-server');
    const worker = find(objects(), 'Deployment', 'opf-worker');
    expect(server.spec.replicas).toBeGreaterThanOrEqual(2);
    expect(worker.spec.replicas).toBeGreaterThanOrEqual(1);
    const [serverContainer] = server.spec.template.spec.containers;
    const [workerContainer] = worker.spec.template.spec.containers;
    expect(serverContainer.args).toEqual(['serve', '--role', 'web']);
    expect(workerContainer.args).toEqual(['serve', '--role', 'worker']);
    expect(workerContainer.image).toBe(serverContainer.image);
    // The two Deployments select disjoint pods.
    expect(selects(server.spec.selector.matchLabels, worker.spec.template.metadata.labels)).toBe(
      false,
    );
    const config = find(objects(), 'ConfigMap', 'opf-config');
    expect(config.data.HOST).toBe('0.0.0.0');
    for (const container of [serverContainer, workerContainer])
      expect(container.envFrom).toEqual([
        { configMapRef: { name: 'opf-config' } },
        { secretRef: { name: 'opf-secrets' } },
      ]);
  });

  it('probes liveness on /healthz and readiness on /readyz, on the named port', () => {
    for (const name of ['opf-server', 'opf-worker']) {
      const [container] = find(objects(), 'Deployment', name).spec.template.spec.containers;
      expect(container.ports).toContainEqual({
        name: 'http',
        containerPort: 8080,
        protocol: 'TCP',
      });
      expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
      expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
      expect(container.startupProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    }
  });

  it('runs non-root on a read-only root filesystem, with writable emptyDir data and tmp', () => {
    for (const name of ['opf-server', 'opf-worker']) {
      const pod = find(objects(), 'Deployment', name).spec.template.spec;
      expect(pod.securityContext).toMatchObject({
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(pod.automountServiceAccountToken).toBe(false);
      const [container] = pod.containers;
      expect(container.securityContext).toEqual({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        capabilities: { drop: ['ALL'] },
      });
      const dataDir = container.env.find((e: { name: string }) => e.name === 'OPF_DATA_DIR').value;
      const mounts = Object.fromEntries(
        container.volumeMounts.map((m: { name: string; mountPath: string }) => [
          m.mountPath,
          m.name,
        ]),
      );
      for (const path of [dataDir, '/tmp']) {
        const volume = pod.volumes.find((v: { name: string }) => v.name === mounts[path]);
        expect(volume?.emptyDir, `${name} ${path}`).toBeDefined();
      }
    }
  });

  it(
    overlay === 'openshift'
      ? 'fixes no UID, GID or fsGroup: restricted-v2 assigns them'
      : "states the image's UID, for the restricted Pod Security Standard",
    () => {
      for (const name of ['opf-server', 'opf-worker']) {
        const pod = find(objects(), 'Deployment', name).spec.template.spec;
        const ids = [pod.securityContext, pod.containers[0].securityContext].flatMap((context) =>
          ['runAsUser', 'runAsGroup', 'fsGroup'].filter((key) => key in context),
        );
        if (overlay === 'openshift') expect(ids).toEqual([]);
        else expect(pod.securityContext).toMatchObject({ runAsUser: 1001, fsGroup: 1001 });
      }
      if (overlay === 'kubernetes')
        expect(find(objects(), 'Namespace', 'opf').metadata.labels).toMatchObject({
          'pod-security.kubernetes.io/enforce': 'restricted',
        });
    },
  );

  it('has a PodDisruptionBudget over the server pods only, and Services that reach them', () => {
    const server = find(objects(), 'Deployment', 'opf-server');
    const worker = find(objects(), 'Deployment', 'opf-worker');
    const pdb = find(objects(), 'PodDisruptionBudget', 'opf-server');
    expect(pdb.spec.minAvailable).toBeGreaterThanOrEqual(1);
    expect(pdb.spec.minAvailable).toBeLessThan(server.spec.replicas);
    expect(selects(pdb.spec.selector.matchLabels, server.spec.template.metadata.labels)).toBe(true);
    expect(selects(pdb.spec.selector.matchLabels, worker.spec.template.metadata.labels)).toBe(
      false,
    );
    const service = find(objects(), 'Service', 'opf');
    expect(selects(service.spec.selector, server.spec.template.metadata.labels)).toBe(true);
    expect(selects(service.spec.selector, worker.spec.template.metadata.labels)).toBe(false);
    const workerService = find(objects(), 'Service', 'opf-worker');
    expect(selects(workerService.spec.selector, worker.spec.template.metadata.labels)).toBe(true);
    // The ServiceMonitor scrapes both Services' pods on /metrics.
    const monitor = find(objects(), 'ServiceMonitor', 'opf');
    for (const target of [service, workerService])
      expect(selects(monitor.spec.selector.matchLabels, target.metadata.labels ?? {})).toBe(true);
    expect(monitor.spec.endpoints).toContainEqual(
      expect.objectContaining({ port: 'http', path: '/metrics' }),
    );
    // The public address leads to the server Service.
    if (overlay === 'openshift') {
      const route = find(objects(), 'Route', 'opf');
      expect(route.spec.to.name).toBe('opf');
      expect(route.spec.port.targetPort).toBe('http');
    } else {
      const ingress = find(objects(), 'Ingress', 'opf');
      expect(ingress.spec.rules[0].http.paths[0].backend.service).toEqual({
        name: 'opf',
        port: { name: 'http' },
      });
    }
  });

  it('configures only settings the README documents, and the public URL is the exposed host', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const documented = new Set(
      readme
        .split('\n')
        .filter((line) => line.startsWith('| `'))
        .flatMap((line) =>
          [...(line.split('|')[1] ?? '').matchAll(/`([A-Z_]+)`/g)].map((m) => m[1]),
        ),
    );
    const config = find(objects(), 'ConfigMap', 'opf-config');
    const secret = find(exampleObjects('opf-secrets.yaml'), 'Secret', 'opf-secrets');
    for (const key of [...Object.keys(config.data), ...Object.keys(secret.stringData)])
      expect(documented, key).toContain(key);
    const host =
      overlay === 'openshift'
        ? find(objects(), 'Route', 'opf').spec.host
        : find(objects(), 'Ingress', 'opf').spec.rules[0].host;
    expect(config.data.OPF_PUBLIC_URL).toBe(`https://${host}`);
  });
});

describe('the Containerfile and the manifests agree', () => {
  const containerfile = readFileSync(join(ROOT, 'Containerfile'), 'utf8');
  const runtimeStage = containerfile.slice(containerfile.lastIndexOf('\nFROM '));
  const env = (name: string) => new RegExp(`\\b${name}=(\\S+)`).exec(runtimeStage)?.[1];

  it('runs as a numeric non-root user, and writes only where the pods mount emptyDirs', () => {
    const users = [...runtimeStage.matchAll(/^USER (\S+)$/gm)].map((m) => m[1]);
    const finalUser = users.at(-1)!;
    expect(finalUser).toMatch(/^[1-9]\d*$/);
    const [container] = find(built.kubernetes, 'Deployment', 'opf-server').spec.template.spec
      .containers;
    const mounted = container.volumeMounts.map((m: { mountPath: string }) => m.mountPath);
    const dataDir = container.env.find((e: { name: string }) => e.name === 'OPF_DATA_DIR').value;
    expect(env('OPF_DATA_DIR')).toBe(dataDir);
    expect(mounted).toContain(dataDir);
    // git and the tsx cache write under HOME and the temporary directory.
    expect(env('HOME')).toBe('/tmp');
    expect(mounted).toContain('/tmp');
    expect(Number(env('PORT'))).toBe(
      container.ports.find((p: { name: string }) => p.name === 'http').containerPort,
    );
    expect(
      find(built.kubernetes, 'Deployment', 'opf-server').spec.template.spec.securityContext,
    ).toMatchObject({ runAsUser: Number(finalUser) });
  });
});

describe('deploy/examples', () => {
  it('opf-secrets.yaml is the Secret both Deployments read, and no overlay holds a Secret', () => {
    const [secret, ...rest] = exampleObjects('opf-secrets.yaml');
    expect(rest).toEqual([]);
    expect(schemaProblems(secret!)).toEqual([]);
    expect(secret!.kind).toBe('Secret');
    expect(secret!.metadata.name).toBe('opf-secrets');
    expect(Object.keys(secret!.stringData).sort()).toEqual([
      'DATABASE_URL',
      'OPF_ADMIN_TOKEN',
      'OPF_GITOPS_REMOTE',
    ]);
    for (const overlay of OVERLAYS)
      expect(built[overlay].filter((o) => o.kind === 'Secret')).toEqual([]);
  });

  it('cloudnativepg-cluster.yaml is a CloudNativePG Cluster and ScheduledBackup that pass their schemas', () => {
    const objects = exampleObjects('cloudnativepg-cluster.yaml');
    expect(objects.map((o) => o.kind)).toEqual(['Cluster', 'ScheduledBackup']);
    for (const object of objects) expect(schemaProblems(object), object.kind).toEqual([]);
    const [cluster, backup] = objects as [K8sObject, K8sObject];
    expect(cluster.spec.instances).toBeGreaterThanOrEqual(2);
    expect(backup.spec.cluster.name).toBe(cluster.metadata.name);
  });
});

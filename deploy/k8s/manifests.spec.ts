import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { loadConfig, ServiceConfig } from '@forewarn/platform';
import { BreachConfig } from '../../apps/breach-response/src/breach.config';
import { NotificationConfig } from '../../apps/customer-notification/src/notification.config';
import { RegistryConfig } from '../../apps/subprocessor-registry/src/registry.config';
import { documentedDecisions } from '../../test/support/route-table';

type Doc = { kind: string; metadata: { name: string }; data?: Record<string, string>; spec?: any };

const base = join(__dirname, 'base');
const manifests: Doc[] = readdirSync(base)
  .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
  .flatMap((f) => parseAllDocuments(readFileSync(join(base, f), 'utf8')).map((d) => d.toJS() as Doc));
const settings = Object.fromEntries(manifests.filter((m) => m.kind === 'ConfigMap').map((m) => [m.metadata.name, m.data ?? {}]));

/** Stand-ins for values kept in Secrets, each valid for its setting, so the check is about presence. */
const SECRET_STAND_INS: Record<string, string> = {
  MONGODB_URI: 'mongodb://forewarn:secret@mongodb.example.internal:27017/?tls=true',
  EVIDENCE_SIGNING_KEY: Buffer.alloc(32, 1).toString('base64url'),
};

/** A container's environment as Kubernetes would give it, secrets stood in for. */
function environmentOf(container: any): Record<string, string> {
  const env: Record<string, string> = {};
  for (const from of container.envFrom ?? []) Object.assign(env, settings[from.configMapRef.name]);
  for (const e of container.env ?? []) {
    if (e.value !== undefined) env[e.name] = String(e.value);
    else if (e.valueFrom?.configMapKeyRef) env[e.name] = settings[e.valueFrom.configMapKeyRef.name]?.[e.valueFrom.configMapKeyRef.key];
    else if (e.valueFrom?.secretKeyRef) env[e.name] = SECRET_STAND_INS[e.name] ?? `stand-in-for-a-secret-${'x'.repeat(32)}`;
  }
  return env;
}

const SERVICES: [string, new () => ServiceConfig][] = [
  ['subprocessor-registry', RegistryConfig],
  ['customer-notification', NotificationConfig],
  ['breach-response', BreachConfig],
];

describe('Kubernetes manifests (deploy/k8s)', () => {
  const deployments = new Map(manifests.filter((m) => m.kind === 'Deployment').map((d) => [d.metadata.name, d]));

  it.each(SERVICES)('%s: its Deployment gives every setting production requires', (name, configClass) => {
    const container = deployments.get(name)?.spec.template.spec.containers[0];
    expect(container).toBeDefined();
    const env = environmentOf(container);
    expect(env.NODE_ENV).toBe('production');
    expect(() => loadConfig(configClass, env)).not.toThrow();
  });

  it.each(SERVICES)('%s: its probes ask for a route the service serves, unauthenticated', (name) => {
    const container = deployments.get(name)!.spec.template.spec.containers[0];
    const decisions = documentedDecisions();
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
      const path = container[probe]?.httpGet?.path;
      expect([probe, decisions.get(`${name} GET ${path}`)]).toEqual([probe, 'public']);
    }
  });

  it('keeps secrets out: no Secret manifest, and no secret setting given as a plain value', () => {
    expect(manifests.filter((m) => m.kind === 'Secret')).toEqual([]);
    const plain = [...deployments.values()].flatMap((d) => d.spec.template.spec.containers.flatMap((c: any) => (c.env ?? []).filter((e: any) => /SECRET|PASSWORD|MONGODB_URI/.test(e.name) && e.value !== undefined)));
    expect(plain).toEqual([]);
    expect(Object.keys(settings['forewarn-settings']).filter((k) => /SECRET|PASSWORD|MONGODB_URI/.test(k))).toEqual([]);
  });

  it('gives every Deployment a disruption budget and a drain period, and routes only public paths from outside', () => {
    for (const [name, deployment] of deployments) {
      expect(manifests.some((m) => m.kind === 'PodDisruptionBudget' && m.spec.selector.matchLabels['app.kubernetes.io/name'] === name)).toBe(true);
      expect(deployment.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(60);
    }
    const ingress = manifests.find((m) => m.kind === 'Ingress')!;
    const routed = ingress.spec.rules.flatMap((r: any) => r.http.paths.map((p: any) => p.path));
    expect(routed.filter((p: string) => !/^\/(subprocessors|n$|webhooks\/ses$)/.test(p))).toEqual([]);
  });
});

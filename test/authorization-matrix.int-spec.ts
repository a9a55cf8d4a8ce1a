import type { DynamicModule, INestApplication } from '@nestjs/common';
import type { ServiceConfig, ServiceDescription } from '@forewarn/platform';
import { documentedDecisions, ROLES } from './support/route-table';
import { RunningService, TestStack } from './support/test-stack';
import { BreachConfig } from '../apps/breach-response/src/breach.config';
import { breachDescription, BreachModule } from '../apps/breach-response/src/breach.module';
import { NotificationConfig } from '../apps/customer-notification/src/notification.config';
import { notificationDescription, NotificationModule } from '../apps/customer-notification/src/notification.module';
import { RegistryConfig } from '../apps/subprocessor-registry/src/registry.config';
import { registryDescription, RegistryModule } from '../apps/subprocessor-registry/src/registry.module';


interface Route {
  method: string;
  path: string;
}

/** Every route the service's express router holds: what a client can reach, not a list kept by hand. */
function routesOf(app: INestApplication): Route[] {
  type Router = { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
  const express = app.getHttpAdapter().getInstance() as { router?: Router; _router?: Router };
  const router = (express.router ?? express._router)!; // express 5 names it `router`
  return router.stack
    // Not routes of ours: Nest's not-found fallback, and the files of the Swagger UI page at /docs.
    .filter((layer) => layer.route && layer.route.path !== '/{*path}' && !layer.route.path.startsWith('/docs/'))
    .flatMap((layer) => Object.keys(layer.route!.methods).filter((m) => m !== '_all').map((m) => ({ method: m.toUpperCase(), path: layer.route!.path })));
}

const SERVICES: [string, new () => ServiceConfig, (c: never) => DynamicModule, ServiceDescription][] = [
  ['subprocessor-registry', RegistryConfig, (c) => RegistryModule.register(c), registryDescription],
  ['customer-notification', NotificationConfig, (c) => NotificationModule.register(c), notificationDescription],
  ['breach-response', BreachConfig, (c) => BreachModule.register(c), breachDescription],
];

describe('authorization matrix: every route of every service, for no token and each role, answers as docs/SECURITY.md says', () => {
  const stack = new TestStack();
  const decisions = documentedDecisions();
  const running = new Map<string, RunningService>();
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    for (const [name, config, register, description] of SERVICES) running.set(name, await stack.start(name, config as never, register as never, description));
    for (const role of ROLES) tokens.set(role, await stack.token([role]));
  });

  afterAll(() => stack.stop());

  it('has a documented decision for every route, and documents no route that does not exist', () => {
    const found = [...running].flatMap(([name, service]) => routesOf(service.app).map((r) => `${name} ${r.method} ${r.path}`));
    expect(found.filter((r) => !decisions.has(r))).toEqual([]);
    expect([...decisions.keys()].filter((r) => !found.includes(r))).toEqual([]);
  });

  it.each(SERVICES.map(([name]) => name))('%s: 401 without a token, 403 for a role not allowed, neither for a role allowed', async (name) => {
    const service = running.get(name)!;
    const wrong: string[] = [];
    for (const route of routesOf(service.app)) {
      const decision = decisions.get(`${name} ${route.method} ${route.path}`);
      if (!decision) continue; // reported by the first test
      // Parameters get a value no record has: the answer is about who may ask, not what is there.
      const url = route.path.replace(/:[A-Za-z]+/g, 'matrix-none');
      const ask = (token?: string) => {
        const req = service.http()[route.method.toLowerCase() as 'get'](url);
        return (token ? req.set('authorization', `Bearer ${token}`) : req).send({}).then((r) => r.status);
      };
      const anonymous = await ask();
      if (decision === 'public' ? [401, 403].includes(anonymous) : anonymous !== 401) wrong.push(`${route.method} ${route.path} without a token: ${anonymous}`);
      if (decision === 'public') continue;
      for (const role of ROLES) {
        const status = await ask(tokens.get(role));
        const allowed = decision.includes(role);
        if (allowed ? [401, 403].includes(status) : status !== 403) wrong.push(`${route.method} ${route.path} as ${role}: ${status} (${allowed ? 'allowed' : 'not allowed'})`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

import { DynamicModule, INestApplication, INestMicroservice, Type } from '@nestjs/common';
import { HttpAdapterHost, NestFactory } from '@nestjs/core';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { CustomStrategy } from '@nestjs/microservices';
import { Logger } from 'nestjs-pino';
import type { ServiceConfig } from '../config/service-config';
import { ConfigError, loadConfig } from '../config/load-config';
import { setUpOpenApi } from '../openapi/openapi';
import { methodNotAllowed } from '../http/method-not-allowed';
import { importBodyMiddleware } from '../http/import-body.middleware';
import { requestContextMiddleware } from '../http/request-context.middleware';
import { metricsTokenMiddleware, securityHeaders } from '../http/security-headers';
import { validationPipe } from '../http/validation';
import { ClientErrorFilter } from '../http/client-error.filter';
import { TokenVerifier } from '@forewarn/auth';

/** HTTP_TRUST_PROXY as express reads it: off, a number of proxies, or the proxies' addresses. */
export function trustProxyOf(setting: string): boolean | number | string {
  if (setting === 'false') return false;
  return /^\d+$/.test(setting) ? Number(setting) : setting;
}

export interface ServiceDescription {
  title: string;
  description: string;
  /** The Kafka consumer transport, when the service consumes events. */
  eventServer?: Type<unknown>;
  /** Filters for the event handlers (the consumer needs handler errors as they were thrown). */
  eventFilters?: object[];
  /** POST routes that take whole files (up to HTTP_IMPORT_BODY_LIMIT_MB), e.g. `/api/v1/customers/import`. */
  importRoutes?: string[];
}

/**
 * Creates, wires and starts one service: logs, validation, OpenAPI, the Kafka consumer, graceful
 * shutdown. Tests call it with their own module and config, and `listen: false`, the same way.
 */
export async function startService(
  rootModule: Type<unknown> | DynamicModule,
  config: ServiceConfig,
  service: ServiceDescription,
  { listen = true }: { listen?: boolean } = {},
): Promise<INestApplication> {
  const app = await NestFactory.create(rootModule, { bufferLogs: true, abortOnError: false });
  return wireAndStart(app, config, service, { listen });
}

/** The part of `startService` after the application object exists (tests build theirs with overrides). */
export async function wireAndStart(
  app: INestApplication,
  config: ServiceConfig,
  service: ServiceDescription,
  { listen = true }: { listen?: boolean } = {},
): Promise<INestApplication> {
  // Behind a load balancer the client is in X-Forwarded-For; without this every client would share
  // the balancer's address, and one rate-limit bucket.
  (app as INestApplication & { set(name: string, value: unknown): void }).set('trust proxy', trustProxyOf(config.HTTP_TRUST_PROXY));
  app.use(securityHeaders(config.formTargets()));
  if (config.METRICS_BEARER_TOKEN) app.use('/metrics', metricsTokenMiddleware(config.METRICS_BEARER_TOKEN));
  app.use(requestContextMiddleware);
  app.use(methodNotAllowed(app.getHttpAdapter().getInstance()));
  app.use(importBodyMiddleware(config.HTTP_IMPORT_BODY_LIMIT_MB, service.importRoutes ?? [], app.get(TokenVerifier)));
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(new ClientErrorFilter(app.get(HttpAdapterHost).httpAdapter));
  app.enableShutdownHooks();
  if (config.HTTP_API_DOCS) setUpOpenApi(app, service.title, service.description);
  if (service.eventServer) {
    // Handlers capture their filters when listeners are registered, so filters go in first.
    const microservice = app.connectMicroservice<CustomStrategy>(
      { strategy: app.get(service.eventServer) as CustomStrategy['strategy'] },
      { inheritAppConfig: false, deferInitialization: true },
    ) as INestMicroservice & { registerListeners(): void; setIsInitialized(v: boolean): void; setIsInitHookCalled(v: boolean): void };
    microservice.useGlobalFilters(...((service.eventFilters ?? []) as never[]));
    microservice.registerListeners();
    microservice.setIsInitialized(true);
    microservice.setIsInitHookCalled(true);
  }
  await app.init();
  await app.startAllMicroservices();
  if (listen) await app.listen(config.PORT, config.HOST);
  return app;
}

/**
 * Creates the indexes every model of the service declares, then exits: what `npm run db:indexes`
 * runs (`node dist/apps/<service>/main.js --db-indexes`). Idempotent. The module graph is
 * instantiated but not started, so no consumer, timer or relay runs.
 */
export async function createDeclaredIndexes(rootModule: DynamicModule): Promise<string[]> {
  const app = await NestFactory.create(rootModule, { logger: ['error', 'warn'], abortOnError: false });
  try {
    const connection = app.get<Connection>(getConnectionToken());
    const created: string[] = [];
    for (const model of Object.values(connection.models)) {
      await model.createIndexes();
      for (const [keys, options] of model.schema.indexes()) created.push(`${model.collection.collectionName} ${JSON.stringify(keys)}${options?.unique ? ' unique' : ''}`);
    }
    return created;
  } finally {
    await app.close();
  }
}

/** The entry point of a service process: settings from the environment, then start, or exit 1 saying why. */
export function runService<C extends ServiceConfig>(
  configClass: new () => C,
  register: (config: C) => DynamicModule,
  service: ServiceDescription,
): void {
  Promise.resolve()
    .then(async () => {
      const config = loadConfig(configClass, process.env);
      if (process.argv.includes('--db-indexes')) {
        for (const index of await createDeclaredIndexes(register(config))) console.log(`index ${index}`);
        process.exit(0);
      }
      return startService(register(config), config, service);
    })
    .catch((error: unknown) => {
      // A configuration error is a message for the operator; anything else needs its stack.
      console.error(error instanceof ConfigError ? error.message : error);
      process.exit(1);
    });
}

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import express from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { requestContextMiddleware, trustProxyOf } from '@forewarn/platform';
import { ConsoleConfig } from './console.config';
import { ConsoleModule } from './console.module';

const HTMX_DIR = dirname(createRequire(__filename).resolve('htmx.org/dist/htmx.min.js'));
/** The stylesheet and script: beside the sources in tests, copied beside the bundle in a build. */
const PUBLIC_DIR = join(__dirname, 'public');

/**
 * Scripts and styles only from the console itself, no inline script anywhere; forms post only
 * here (and sign-out may hand over to the identity provider); email previews are framed from here.
 */
function consoleSecurityHeaders(config: ConsoleConfig) {
  const issuer = config.OIDC_ISSUER_URL ? [new URL(config.OIDC_ISSUER_URL).origin] : [];
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameSrc: ["'self'"],
        objectSrc: ["'none'"],
        formAction: ["'self'", ...issuer],
        frameAncestors: ["'self'"],
        baseUri: ["'none'"],
      },
    },
    strictTransportSecurity: config.secureCookies,
    // With no-referrer a browser posts forms with `Origin: null`, and the origin check needs the real one.
    referrerPolicy: { policy: 'same-origin' },
  });
}

/** Builds and starts the console; `main.ts` and the browser tests both come through here. */
export async function startConsole(config: ConsoleConfig, { listen = true }: { listen?: boolean } = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ConsoleModule.register(config), { bufferLogs: true, abortOnError: false });
  app.set('trust proxy', trustProxyOf(config.HTTP_TRUST_PROXY));
  app.use(requestContextMiddleware);
  app.use(consoleSecurityHeaders(config));
  app.use(cookieParser());
  app.use('/assets/htmx', express.static(HTMX_DIR, { index: false, maxAge: '1h' }));
  app.use('/assets', express.static(PUBLIC_DIR, { index: false, maxAge: '5m' }));
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
  if (listen) await app.listen(config.PORT, config.HOST);
  return app;
}

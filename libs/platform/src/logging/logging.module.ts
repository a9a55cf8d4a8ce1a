import type { IncomingMessage } from 'node:http';
import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { requestContext } from '../context/request-context';
import { HttpAppConfig } from '../config/http-app-config';

/**
 * A URL as it may be logged: the signed token of a customer's notice link (`/n/<token>`, valid
 * for months after the change) is replaced, and so is anything in a `token` query parameter.
 */
export function withoutSecrets(url: string): string {
  return url.replace(/\/n\/[^/?#]+/g, '/n/[redacted]').replace(/([?&](?:token|Token)=)[^&#]*/g, '$1[redacted]');
}

/** How a request and its answer appear in the request log. */
export const requestLogSerializers = {
  req: (req: { method: string; url: string }) => ({ method: req.method, url: withoutSecrets(req.url) }),
  res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
};

/**
 * Structured JSON logs (pino). Every line carries the correlation id and actor of the request or
 * event being handled, so one notice can be followed from the API call to the email.
 */
@Module({})
export class LoggingModule {
  static forService(serviceName: string, config: HttpAppConfig): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.LOG_LEVEL,
            base: { service: serviceName },
            messageKey: 'message',
            timestamp: () => `,"time":"${new Date().toISOString()}"`,
            // requestContextMiddleware runs first and always sets it.
            genReqId: (req: IncomingMessage) => String(req.headers['x-correlation-id']),
            mixin: () => {
              const ctx = requestContext.current();
              return ctx ? { correlationId: ctx.correlationId, actor: ctx.actor } : {};
            },
            autoLogging: { ignore: (req: IncomingMessage) => ['/health', '/metrics'].includes(req.url ?? '') },
            serializers: requestLogSerializers,
          },
        }),
      ],
    };
  }
}

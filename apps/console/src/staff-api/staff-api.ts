import { Inject, Injectable } from '@nestjs/common';
import { SignJWT } from 'jose';
import { staffKeyIdOf } from '@forewarn/auth';
import { requestContext, SERVICE_CONFIG } from '@forewarn/platform';
import { ConsoleConfig } from '../console.config';
import type { StaffSession } from '../session/domain/staff-session';
import { FormProblems, formProblemsOf } from './domain/field-errors';

export type ServiceName = 'registry' | 'notification' | 'breach';

const SERVICE_TITLES: Record<ServiceName, string> = { registry: 'subprocessor registry', notification: 'customer notification service', breach: 'breach response service' };

/** A service's answer other than 2xx, kept whole so a page can show its message by the field it names. */
export class ServiceAnswerError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly service: ServiceName,
  ) {
    super(`${SERVICE_TITLES[service]} answered ${status}`);
  }
}

/**
 * A refusal a page shows beside the form it came from (400, 409, 422 and the like), by the field
 * its message names; anything else (403, 404, 5xx, no answer) is rethrown for the error page.
 */
export function formRefusalOf(error: unknown, fields: readonly string[]): FormProblems {
  if (!(error instanceof ServiceAnswerError) || error.status >= 500 || error.status === 403 || error.status === 404) throw error;
  return formProblemsOf(error.body, fields);
}

type Query = Record<string, string | number | boolean | undefined>;

/** A page waits this long for a service's answer. */
const CALL_TIMEOUT_MS = 30_000;
/** A download streams for as long as it takes within this: a 100,000-contact change's bundle takes about 40 s. */
const DOWNLOAD_TIMEOUT_MS = 15 * 60_000;

/**
 * The three services, called on behalf of the signed-in person: each request carries a staff token
 * minted here for a few minutes, naming the person and their roles. The browser never holds one.
 */
@Injectable()
export class StaffApi {
  private readonly key: Uint8Array;
  private readonly keyId: string;
  private readonly bases: Record<ServiceName, string>;

  constructor(@Inject(SERVICE_CONFIG) config: ConsoleConfig) {
    this.key = new TextEncoder().encode(config.AUTH_JWT_SECRET);
    this.keyId = staffKeyIdOf(config.AUTH_JWT_SECRET);
    this.bases = { registry: config.REGISTRY_URL, notification: config.NOTIFICATION_URL, breach: config.BREACH_URL };
  }

  get<T>(session: StaffSession, service: ServiceName, path: string, query: Query = {}): Promise<T> {
    return this.json<T>(session, 'GET', service, path, undefined, query);
  }

  post<T>(session: StaffSession, service: ServiceName, path: string, body: unknown = {}): Promise<T> {
    return this.json<T>(session, 'POST', service, path, body);
  }

  patch<T>(session: StaffSession, service: ServiceName, path: string, body: unknown): Promise<T> {
    return this.json<T>(session, 'PATCH', service, path, body);
  }

  put<T>(session: StaffSession, service: ServiceName, path: string, body: unknown): Promise<T> {
    return this.json<T>(session, 'PUT', service, path, body);
  }

  delete<T>(session: StaffSession, service: ServiceName, path: string): Promise<T> {
    return this.json<T>(session, 'DELETE', service, path);
  }

  /** The answer as it came (a CSV, a PDF, a zip), for the console to stream on; errors as for JSON. */
  async download(session: StaffSession, service: ServiceName, path: string, accept: string, query: Query = {}): Promise<Response> {
    const response = await this.request(session, 'GET', service, path, undefined, query, accept, DOWNLOAD_TIMEOUT_MS);
    if (!response.ok) throw await this.errorOf(response, service);
    return response;
  }

  private async json<T>(session: StaffSession, method: string, service: ServiceName, path: string, body?: unknown, query: Query = {}): Promise<T> {
    const response = await this.request(session, method, service, path, body, query, 'application/json');
    if (!response.ok) throw await this.errorOf(response, service);
    return (response.status === 204 ? undefined : await response.json()) as T;
  }

  private async request(session: StaffSession, method: string, service: ServiceName, path: string, body: unknown, query: Query, accept: string, timeoutMs = CALL_TIMEOUT_MS): Promise<Response> {
    const url = new URL(path, this.bases[service]);
    for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') url.searchParams.set(name, String(value));
    try {
      return await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${await this.tokenFor(session)}`,
          accept,
          // One correlation id from the click to the email, across the console and the services' logs.
          'x-correlation-id': requestContext.current()?.correlationId ?? requestContext.newCorrelationId(),
          ...(body === undefined ? {} : { 'content-type': typeof body === 'string' ? 'text/csv' : 'application/json' }),
        },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch {
      throw new ServiceAnswerError(502, { message: `The ${SERVICE_TITLES[service]} did not answer. Try again in a minute; if it persists, tell the on-call engineer.` }, service);
    }
  }

  private async errorOf(response: Response, service: ServiceName): Promise<ServiceAnswerError> {
    const text = await response.text();
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      body = { message: text.slice(0, 500) || response.statusText };
    }
    return new ServiceAnswerError(response.status, body, service);
  }

  private tokenFor(session: StaffSession): Promise<string> {
    return new SignJWT({ roles: session.roles, name: session.name })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: this.keyId })
      .setSubject(session.sub)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(this.key);
  }
}

import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import * as client from 'openid-client';
import type { StaffRole } from '@forewarn/auth';
import { Clock, SERVICE_CONFIG } from '@forewarn/platform';
import { ConsoleConfig } from '../console.config';
import { displayNameOf, rolesFromClaims } from './domain/roles-claim';
import { PendingSignInDocument } from './pending-sign-in.schema';

const keyOf = (cookieValue: string) => createHash('sha256').update(cookieValue).digest('hex');
const PENDING_MS = 10 * 60_000;

export class SignInFailed extends Error {}

/** openid-client's reason: the specific check that failed (`unexpected JWT "aud" …`) when it gives one. */
function whatFailed(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown error';
  return error.cause instanceof Error ? error.cause.message : error.message;
}

export interface SignedInPerson {
  sub: string;
  name: string;
  roles: StaffRole[];
  returnTo: string;
  /** For signing out at the provider too. */
  idToken?: string;
}

/**
 * Production sign-in: the OpenID Connect authorization code flow with PKCE (S256), state and nonce,
 * through openid-client. The ID token's signature, issuer, audience (this client), expiry and
 * nonce are checked by the library; the roles come from the claim OIDC_ROLES_CLAIM names.
 */
@Injectable()
export class OidcSignIn {
  private configuration?: Promise<client.Configuration>;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ConsoleConfig,
    @InjectModel(PendingSignInDocument.name) private readonly pending: Model<PendingSignInDocument>,
    private readonly clock: Clock,
  ) {}

  get enabled(): boolean {
    return !!this.config.OIDC_ISSUER_URL;
  }

  /** Where to send the browser, and the value of the cookie that ties its return to this sign-in. */
  async begin(returnTo: string): Promise<{ redirectTo: string; cookieValue: string }> {
    const configuration = await this.discovered();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const cookieValue = randomBytes(32).toString('base64url');
    await this.pending.create({ _id: keyOf(cookieValue), codeVerifier, state, nonce, returnTo, expiresAt: new Date(this.clock.now().getTime() + PENDING_MS) });
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.config.OIDC_REDIRECT_URL!,
      scope: 'openid profile email',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { redirectTo: url.href, cookieValue };
  }

  /** Checks the provider's answer against the pending sign-in and returns who signed in. */
  async complete(callbackUrl: URL, cookieValue: string | undefined): Promise<SignedInPerson> {
    if (!cookieValue) throw new SignInFailed('This sign-in was not started in this browser, or took longer than 10 minutes.');
    const pending = await this.pending.findOneAndDelete({ _id: keyOf(cookieValue) }).lean<PendingSignInDocument>();
    if (!pending || pending.expiresAt.getTime() <= this.clock.now().getTime()) {
      throw new SignInFailed('This sign-in was not started in this browser, or took longer than 10 minutes.');
    }
    let claims: Record<string, unknown>;
    let idToken: string | undefined;
    try {
      const tokens = await client.authorizationCodeGrant(await this.discovered(), callbackUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      claims = (tokens.claims() ?? {}) as Record<string, unknown>;
      idToken = tokens.id_token;
    } catch (error) {
      throw new SignInFailed(`The identity provider's answer did not check out (${whatFailed(error)}).`);
    }
    const roles = rolesFromClaims(claims, this.config.OIDC_ROLES_CLAIM);
    if (roles.length === 0) throw new SignInFailed(`Your account has no Forewarn role (the "${this.config.OIDC_ROLES_CLAIM}" claim names none of compliance, responder, auditor, admin). Ask an administrator for one.`);
    return { sub: String(claims.sub), name: displayNameOf(claims), roles, returnTo: pending.returnTo, idToken };
  }

  /** The provider's sign-out page, when it has one, to end the provider's session too. */
  async signOutUrl(postSignOut: string): Promise<string | undefined> {
    if (!this.enabled) return undefined;
    const configuration = await this.discovered();
    if (!configuration.serverMetadata().end_session_endpoint) return undefined;
    return client.buildEndSessionUrl(configuration, { post_logout_redirect_uri: postSignOut, client_id: this.config.OIDC_CLIENT_ID! }).href;
  }

  private discovered(): Promise<client.Configuration> {
    if (!this.configuration) {
        const insecure = this.config.NODE_ENV !== 'production' && this.config.OIDC_ISSUER_URL!.startsWith('http://');
      this.configuration = client
        .discovery(new URL(this.config.OIDC_ISSUER_URL!), this.config.OIDC_CLIENT_ID!, this.config.OIDC_CLIENT_SECRET!, undefined, insecure ? { execute: [client.allowInsecureRequests] } : undefined)
        .catch((error: unknown) => {
          this.configuration = undefined; // the next sign-in tries again
          throw new SignInFailed(`The identity provider could not be reached (${error instanceof Error ? error.message : 'unknown error'}).`);
        });
    }
    return this.configuration;
  }
}

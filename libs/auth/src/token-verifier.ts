import { createHash } from 'node:crypto';
import { createRemoteJWKSet, JWTHeaderParameters, jwtVerify, JWTVerifyGetKey } from 'jose';
import { StaffPrincipal } from './roles';

export interface TokenVerifierOptions {
  /** HS256 secret for locally issued tokens. */
  secret?: string;
  /** Earlier secrets, still accepted for tokens whose `kid` names them (a rotation in progress). */
  previousSecrets?: string[];
  /** OIDC issuer's JWKS endpoint; takes precedence over the secret. */
  jwksUrl?: string;
  /** Required with a JWKS URL: an identity provider signs tokens for every app and tenant it serves. */
  issuer?: string;
  audience?: string;
  /** Oldest token accepted, by its `iat`. */
  maxTokenAgeSeconds?: number;
}

export class InvalidTokenError extends Error {}

/** The `kid` of tokens signed with a secret; `scripts/lib/staff-token.js` derives it the same way. */
export const staffKeyIdOf = (secret: string) => createHash('sha256').update(`staff-token-key:${secret}`).digest('base64url').slice(0, 8);

/** Verifies a staff bearer token (HS256 with a shared secret locally, or an OIDC issuer's keys). */
export class TokenVerifier {
  private readonly key: Uint8Array | JWTVerifyGetKey;
  private readonly algorithms: string[];

  constructor(private readonly options: TokenVerifierOptions) {
    if (options.jwksUrl) {
      if (!options.issuer || !options.audience) throw new Error('TokenVerifier: a JWKS URL needs the issuer and the audience to accept');
      this.key = createRemoteJWKSet(new URL(options.jwksUrl));
      this.algorithms = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'PS256'];
    } else if (options.secret) {
      const current = new TextEncoder().encode(options.secret);
      const keys = new Map([options.secret, ...(options.previousSecrets ?? [])].map((s) => [staffKeyIdOf(s), new TextEncoder().encode(s)]));
      // A token names its key; one without a `kid` (issued before key ids) is the current key's.
      this.key = (async (header: JWTHeaderParameters) => {
        const key = header.kid === undefined ? current : keys.get(header.kid);
        if (!key) throw new InvalidTokenError('token signed with a key that is no longer accepted');
        return key;
      }) as unknown as JWTVerifyGetKey;
      this.algorithms = ['HS256'];
    } else {
      throw new Error('TokenVerifier needs a secret or a JWKS URL');
    }
  }

  async verify(token: string): Promise<StaffPrincipal> {
    try {
      const { payload } = await jwtVerify(token, this.key as Uint8Array, {
        algorithms: this.algorithms,
        issuer: this.options.issuer,
        audience: this.options.audience,
        // A token without an expiry or an issue time never stops working: refused.
        requiredClaims: ['exp', 'iat'],
        maxTokenAge: this.options.maxTokenAgeSeconds ?? 12 * 3600,
      });
      if (typeof payload.sub !== 'string' || payload.sub === '') throw new InvalidTokenError('token has no subject');
      const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is string => typeof r === 'string') : [];
      return { sub: payload.sub, roles: roles as StaffPrincipal['roles'] };
    } catch (e) {
      if (e instanceof InvalidTokenError) throw e;
      throw new InvalidTokenError(e instanceof Error ? e.message : 'invalid token');
    }
  }
}

import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, KeyLike, SignJWT } from 'jose';
import { InvalidTokenError, staffKeyIdOf, TokenVerifier } from './token-verifier';

const secret = 'a-test-secret-that-is-long-enough-32';
const sign = (claims: Record<string, unknown>, key = secret, expiresIn = '1h') => {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime(expiresIn);
  if (typeof claims.sub === 'string') jwt.setSubject(claims.sub);
  return jwt.sign(new TextEncoder().encode(key));
};

describe('TokenVerifier (HS256)', () => {
  const verifier = new TokenVerifier({ secret });

  it('returns the subject and roles of a valid token', async () => {
    await expect(verifier.verify(await sign({ sub: 'alice', roles: ['compliance'] }))).resolves.toEqual({
      sub: 'alice',
      roles: ['compliance'],
    });
  });

  it('rejects a token signed with another secret', async () => {
    const token = await sign({ sub: 'mallory', roles: ['admin'] }, 'another-secret-that-is-long-enough-x');
    await expect(verifier.verify(token)).rejects.toThrow(InvalidTokenError);
  });

  it('rejects an expired token and one without a subject', async () => {
    await expect(verifier.verify(await sign({ sub: 'bob', roles: [] }, secret, '-1m'))).rejects.toThrow(InvalidTokenError);
    await expect(verifier.verify(await sign({ roles: ['admin'] }))).rejects.toThrow(/subject/);
  });

  it('rejects a token with no expiry, and one older than the maximum age (issue 13, item 2)', async () => {
    const forever = await new SignJWT({ roles: ['admin'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('eve').setIssuedAt().sign(new TextEncoder().encode(secret));
    await expect(verifier.verify(forever)).rejects.toThrow(/"exp" claim/);
    const old = await new SignJWT({ roles: ['admin'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('eve').setIssuedAt(Math.floor(Date.now() / 1000) - 3600).setExpirationTime('1h').sign(new TextEncoder().encode(secret));
    await expect(new TokenVerifier({ secret, maxTokenAgeSeconds: 600 }).verify(old)).rejects.toThrow(/"iat" claim timestamp check failed|maxTokenAge/);
  });
});

describe('TokenVerifier: rotating the HS256 secret (issue 15)', () => {
  const old = 'the-old-secret-that-is-long-enough-32';
  const fresh = 'the-new-secret-that-is-long-enough-32';
  const signed = (key: string, kid?: string) =>
    new SignJWT({ roles: ['auditor'] }).setProtectedHeader({ alg: 'HS256', ...(kid ? { kid } : {}) }).setSubject('ann').setIssuedAt().setExpirationTime('1h').sign(new TextEncoder().encode(key));

  it('accepts tokens of the previous secret by their key id while the new one signs, and no longer once it is dropped', async () => {
    const during = new TokenVerifier({ secret: fresh, previousSecrets: [old] });
    await expect(during.verify(await signed(old, staffKeyIdOf(old)))).resolves.toMatchObject({ sub: 'ann' });
    await expect(during.verify(await signed(fresh, staffKeyIdOf(fresh)))).resolves.toMatchObject({ sub: 'ann' });
    await expect(during.verify(await signed(old))).rejects.toThrow(InvalidTokenError); // no kid: the current key only
    await expect(new TokenVerifier({ secret: fresh }).verify(await signed(old, staffKeyIdOf(old)))).rejects.toThrow(/no longer accepted/);
  });
});

describe('TokenVerifier (OIDC JWKS)', () => {
  let server: Server;
  let jwksUrl: string;
  let privateKey: KeyLike;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    server = createServer((_, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const issue = (claims: Record<string, unknown>, issuer = 'https://idp.example', audience = 'forewarn') =>
    new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setSubject('oidc-user').setIssuer(issuer).setAudience(audience).setIssuedAt().setExpirationTime('5m').sign(privateKey);

  it("accepts a token signed with the issuer's key", async () => {
    const verifier = new TokenVerifier({ jwksUrl, issuer: 'https://idp.example', audience: 'forewarn' });
    await expect(verifier.verify(await issue({ roles: ['auditor'] }))).resolves.toEqual({ sub: 'oidc-user', roles: ['auditor'] });
  });

  it('rejects a token from another issuer, and an HS256 token made with a guessed secret', async () => {
    const verifier = new TokenVerifier({ jwksUrl, issuer: 'https://idp.example', audience: 'forewarn' });
    await expect(verifier.verify(await issue({ roles: ['admin'] }, 'https://evil.example'))).rejects.toThrow(InvalidTokenError);
    await expect(verifier.verify(await sign({ sub: 'x', roles: ['admin'] }))).rejects.toThrow(InvalidTokenError);
  });

  it('rejects a token the same identity provider issued for another application (issue 13, item 2)', async () => {
    const verifier = new TokenVerifier({ jwksUrl, issuer: 'https://idp.example', audience: 'forewarn' });
    await expect(verifier.verify(await issue({ roles: ['admin'] }, 'https://idp.example', 'payroll-app'))).rejects.toThrow(/"aud" claim/);
    expect(() => new TokenVerifier({ jwksUrl })).toThrow(/issuer and the audience/);
  });
});

import { SignJWT } from 'jose';
import { InvalidTokenError, TokenVerifier } from './token-verifier';

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
});

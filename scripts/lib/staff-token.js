// Issues a local staff token: HS256, signed with AUTH_JWT_SECRET, claims `sub` and `roles`.
// Shared by `npm run token`, `npm start` and the integration tests.
const { createHash } = require('node:crypto');
const { SignJWT } = require('jose');

/** The key id the services expect in a token's header (libs/auth: staffKeyIdOf). */
const keyIdOf = (secret) => createHash('sha256').update(`staff-token-key:${secret}`).digest('base64url').slice(0, 8);

const ROLES = ['compliance', 'responder', 'auditor', 'admin'];

/**
 * @param {{ secret: string, sub: string, roles: string[], ttl?: string }} options
 * @returns {Promise<string>}
 */
async function issueStaffToken({ secret, sub, roles, ttl = '12h' }) {
  const unknown = roles.filter((r) => !ROLES.includes(r));
  if (unknown.length > 0) throw new Error(`unknown role(s) ${unknown.join(', ')}; roles are ${ROLES.join(', ')}`);
  return new SignJWT({ roles })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: keyIdOf(secret) })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(new TextEncoder().encode(secret));
}

module.exports = { issueStaffToken, ROLES };

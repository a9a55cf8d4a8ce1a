#!/usr/bin/env node
// npm run token -- <role> [user-id]: prints a local staff token (HS256, AUTH_JWT_SECRET).
const { issueStaffToken, ROLES } = require('./lib/staff-token');
const { localJwtSecret } = require('./lib/local-env');

const [role, sub = `local-${role}`] = process.argv.slice(2);
if (!role || !ROLES.includes(role)) {
  console.error(`usage: npm run token -- <${ROLES.join('|')}> [user-id]`);
  process.exit(2);
}
issueStaffToken({ secret: localJwtSecret(), sub, roles: [role] }).then((token) => console.log(token));

#!/usr/bin/env node
// npm run compose:env: writes the .env that docker-compose.yml reads (secrets generated once; an
// existing .env is left as it is). `npm run smoke:prod` uses the same values in a temporary file.
const fs = require('node:fs');
const path = require('node:path');
const { randomBytes } = require('node:crypto');
const { ROOT } = require('./lib/local-env');

/** The settings compose needs from outside, with fresh secrets. Change the addresses and URLs for a real deployment. */
function composeEnv() {
  return {
    AUTH_JWT_SECRET: randomBytes(32).toString('base64url'),
    NOTICE_LINK_SECRET: randomBytes(32).toString('base64url'),
    WEBHOOK_SECRETS_KEY: randomBytes(32).toString('base64url'),
    // The Ed25519 seed that signs evidence bundles (breach-response).
    EVIDENCE_SIGNING_KEY: randomBytes(32).toString('base64url'),
    RESPONDER_EMAILS: 'incident-response@forewarn.example',
    // The SNS topic SES reports bounces, complaints and deliveries through.
    SES_WEBHOOK_TOPIC_ARNS: 'arn:aws:sns:eu-west-2:000000000000:forewarn-ses-events',
    // Where customers reach the notice pages: https, terminated in front of the service.
    NOTIFICATION_PUBLIC_BASE_URL: 'https://localhost:3002',
    REGISTRY_PUBLIC_BASE_URL: 'https://localhost:3001',
    // The staff console's OpenID Connect client: your provider's issuer and the client registered there.
    OIDC_ISSUER_URL: 'https://login.forewarn.example/realms/staff',
    OIDC_CLIENT_ID: 'forewarn-console',
    OIDC_CLIENT_SECRET: randomBytes(24).toString('base64url'),
    OIDC_REDIRECT_URL: 'https://localhost:3000/auth/callback',
  };
}

const asDotenv = (env) => `${Object.entries(env).map(([k, v]) => `${k}=${v}`).join('\n')}\n`;

if (require.main === module) {
  const file = path.join(ROOT, '.env');
  if (fs.existsSync(file)) {
    console.log('[forewarn] .env exists; left as it is');
  } else {
    fs.writeFileSync(file, asDotenv(composeEnv()), { mode: 0o600 });
    console.log('[forewarn] wrote .env (secrets generated; edit RESPONDER_EMAILS, SES_WEBHOOK_TOPIC_ARNS, the OIDC client and the base URLs for a real deployment)');
  }
}

module.exports = { composeEnv, asDotenv };

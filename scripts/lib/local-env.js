// What the local scripts share: paths, the local signing secret, and the services' environment.
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');

const ROOT = path.resolve(__dirname, '..', '..');
const LOCAL = path.join(ROOT, '.local');

const SERVICES = [
  { name: 'subprocessor-registry', port: 3001 },
  { name: 'customer-notification', port: 3002 },
  { name: 'breach-response', port: 3003 },
];

/** The staff console: the browser's one origin, calling the three services on its users' behalf. */
const CONSOLE = { name: 'console', port: 3000 };

/** A secret from the environment, or one generated once for this checkout and kept in .local/. */
function localSecret(variable, fileName) {
  if (process.env[variable]) return process.env[variable];
  const file = path.join(LOCAL, fileName);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(LOCAL, { recursive: true });
    fs.writeFileSync(file, crypto.randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

/** AUTH_JWT_SECRET: signs the local staff tokens. */
const localJwtSecret = () => localSecret('AUTH_JWT_SECRET', 'auth-secret');

/** The environment the services get locally; anything already set in the shell wins. */
function serviceEnv(service) {
  return {
    NODE_ENV: 'development',
    MONGODB_URI: 'mongodb://127.0.0.1:27017',
    KAFKA_BROKERS: '127.0.0.1:9092',
    SES_ENDPOINT: 'http://127.0.0.1:8005',
    SES_REGION: 'eu-west-2',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    // Breach escalations go to the SES emulator's inbox locally.
    RESPONDER_EMAILS: 'incident-response@infotek.example',
    // The services' heap policy, as in the image (deploy/Dockerfile says why).
    NODE_OPTIONS: '--max-semi-space-size=4',
    ...process.env,
    AUTH_JWT_SECRET: localJwtSecret(),
    // Signs the links in customer emails; only the notification service reads it.
    NOTICE_LINK_SECRET: localSecret('NOTICE_LINK_SECRET', 'notice-link-secret'),
    // Seals customers' webhook signing secrets at rest; only the notification service reads it.
    WEBHOOK_SECRETS_KEY: localSecret('WEBHOOK_SECRETS_KEY', 'webhook-secrets-key'),
    // The public list links to the notification service's subscription form.
    ...(service.name === 'subprocessor-registry' ? { SUBSCRIPTION_PAGE_URL: process.env.SUBSCRIPTION_PAGE_URL ?? `http://127.0.0.1:${process.env.CUSTOMER_NOTIFICATION_PORT ?? 3002}/subscriptions` } : {}),
    // ... and the subscription pages link back to the list.
    ...(service.name === 'customer-notification' ? { PUBLIC_LIST_URL: process.env.PUBLIC_LIST_URL ?? `http://127.0.0.1:${process.env.SUBPROCESSOR_REGISTRY_PORT ?? 3001}/subprocessors` } : {}),
    // Each service has its own variable (SUBPROCESSOR_REGISTRY_PORT, ...): PORT would clash.
    PORT: String(process.env[`${service.name.toUpperCase().replace(/-/g, '_')}_PORT`] ?? service.port),
  };
}

/** The console's environment locally: the services where npm start runs them, and the local sign-in on. */
function consoleEnv(serviceUrls) {
  return {
    ...serviceEnv(CONSOLE),
    REGISTRY_URL: serviceUrls['subprocessor-registry'],
    NOTIFICATION_URL: serviceUrls['customer-notification'],
    BREACH_URL: serviceUrls['breach-response'],
    PUBLIC_LIST_URL: serviceUrls['subprocessor-registry'],
    CONSOLE_DEV_SIGN_IN: process.env.CONSOLE_DEV_SIGN_IN ?? '1',
  };
}

module.exports = { ROOT, LOCAL, SERVICES, CONSOLE, localJwtSecret, serviceEnv, consoleEnv };

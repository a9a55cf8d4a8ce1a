// A real OpenID Connect provider (panva's oidc-provider) for the console's sign-in test, run as a
// child process (the package is an ES module). Its development login page accepts any login; the
// login names the account: `casey` is a compliance officer, anyone else has no Forewarn role.
// GET /test/id-token-audience?value=x makes it issue ID tokens for another audience (a
// misbehaving or confused issuer); without a value, it goes back to the client's own.
import Provider from 'oidc-provider';

const { OIDC_PORT, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URL, OIDC_POST_LOGOUT_URL } = process.env;
const ACCOUNTS = { casey: { name: 'Casey Compliance', roles: ['compliance', 'unrelated-app-role'] } };

const provider = new Provider(`http://127.0.0.1:${OIDC_PORT}`, {
  clients: [
    {
      client_id: OIDC_CLIENT_ID,
      client_secret: OIDC_CLIENT_SECRET,
      redirect_uris: [OIDC_REDIRECT_URL],
      post_logout_redirect_uris: [OIDC_POST_LOGOUT_URL],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  pkce: { required: () => true },
  claims: { openid: ['sub'], profile: ['name', 'roles'], email: ['email'] },
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ['forewarn-test-provider-cookie-key'] },
  async findAccount(_ctx, id) {
    const account = ACCOUNTS[id] ?? { name: id, roles: [] };
    return { accountId: id, claims: async () => ({ sub: id, name: account.name, roles: account.roles }) };
  },
});

let audience;
provider.use(async (ctx, next) => {
  if (ctx.path === '/test/id-token-audience') {
    audience = ctx.query.value || undefined;
    ctx.body = { audience: audience ?? null };
    return;
  }
  await next();
});

const issue = provider.IdToken.prototype.issue;
provider.IdToken.prototype.issue = async function issueFor(options) {
  if (!audience || options?.use !== 'idtoken') return issue.call(this, options);
  const client = this.client;
  this.client = new Proxy(client, { get: (target, key) => (key === 'clientId' ? audience : Reflect.get(target, key)) });
  try {
    return await issue.call(this, options);
  } finally {
    this.client = client;
  }
};

provider.listen(Number(OIDC_PORT), '127.0.0.1', () => console.log('ready'));

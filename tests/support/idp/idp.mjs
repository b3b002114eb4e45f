// A real OpenID provider for the tests (panva's certified oidc-provider), on loopback.
// Settings come from the environment (tests/support/idp.py starts it):
//   IDP_PORT, IDP_CLIENT_ID, IDP_CLIENT_SECRET, IDP_REDIRECT_URIS (comma-separated),
//   IDP_AUDIENCE (the API's audience in its JWT access tokens),
//   IDP_ACCOUNTS (JSON: login -> {email, email_verified, name, groups}).
// Its login form (devInteractions) takes any password; each instance signs with a new key.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import Provider from 'oidc-provider';

const env = process.env;
const issuer = `http://127.0.0.1:${env.IDP_PORT}`;
const accounts = JSON.parse(env.IDP_ACCOUNTS || '{}');
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' };

function claimsOf(login) {
  const { email, email_verified: verified, name, groups } = accounts[login];
  return { sub: login, email, email_verified: verified, name, groups };
}

const provider = new Provider(issuer, {
  clients: [{
    client_id: env.IDP_CLIENT_ID,
    client_secret: env.IDP_CLIENT_SECRET,
    redirect_uris: env.IDP_REDIRECT_URIS.split(','),
    grant_types: ['authorization_code'],
    response_types: ['code'],
  }],
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomUUID()] },
  pkce: { required: () => true, methods: ['S256'] },
  claims: {
    openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'],
  },
  conformIdTokenClaims: false, // the ID token carries the granted claims (as most providers' do)
  async findAccount(ctx, login) {
    if (!(login in accounts)) return undefined;
    return { accountId: login, claims: async () => claimsOf(login) };
  },
  // JWT access tokens for the API carry who the person is, as the ID token does
  async extraTokenClaims(ctx, token) {
    if (token.kind !== 'AccessToken' || !(token.accountId in accounts)) return undefined;
    const { email, email_verified: verified, groups } = claimsOf(token.accountId);
    return { email, email_verified: verified, groups };
  },
  features: {
    devInteractions: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => 'urn:tandem:api',
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({
        scope: 'api',
        audience: env.IDP_AUDIENCE,
        accessTokenFormat: 'jwt',
        accessTokenTTL: 3600,
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
  },
});

provider.listen(Number(env.IDP_PORT), '127.0.0.1', () => {
  console.log(`identity provider ready at ${issuer}`);
});

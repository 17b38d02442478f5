import { Logger } from '@nestjs/common';
import { base64url, exportJWK, exportSPKI, generateKeyPair, JWK, JWTPayload, KeyLike, SignJWT } from 'jose';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { CaseClient } from '../support/case-client';
import { registration } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

const ISSUER = 'https://idp.test/realms/office';
const AUDIENCE = 'reconsideration';
const ORGAN = '6f1c2b7e-3a4d-4e5f-8a9b-0c1d2e3f4a5b';

/** The office's identity provider, as far as this service sees it: a JSON Web Key Set over HTTP on 127.0.0.1. */
class LocalJwks {
  published: JWK[] = [];
  mode: 'up' | 'error' = 'up';
  fetches = 0;
  private server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      this.fetches += 1;
      if (this.mode === 'error' || req.url !== '/certs') {
        res.writeHead(500).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: this.published }));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/certs`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }
}

interface SigningKey {
  kid: string;
  alg: string;
  privateKey: KeyLike;
  publicKey: KeyLike;
}

async function signingKey(kid: string, alg: 'RS256' | 'ES256' | 'PS256'): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  return { kid, alg, privateKey, publicKey };
}

async function publicJwk(key: SigningKey): Promise<JWK> {
  return { ...(await exportJWK(key.publicKey)), kid: key.kid, alg: key.alg, use: 'sig' };
}

const now = () => Math.floor(Date.now() / 1000);

/** A token as the provider would issue it (Keycloak-style realm_access.roles), with any claim overridden. */
function token(key: SigningKey, claims: JWTPayload = {}, header: { kid?: string } = {}): Promise<string> {
  return new SignJWT({
    iss: ISSUER,
    aud: AUDIENCE,
    sub: 'officer-1',
    name: '李文书',
    realm_access: { roles: ['CLERK', 'offline_access'] },
    iat: now(),
    exp: now() + 300,
    ...claims,
  })
    .setProtectedHeader({ alg: key.alg, kid: header.kid ?? key.kid, typ: 'JWT' })
    .sign(key.privateKey);
}

const bearer = (credential: string) => ({ authorization: `Bearer ${credential}` });

describe('officers’ sign-on with OIDC tokens next to API keys (issue 13 point 7; PIPL 51: access control)', () => {
  const jwks = new LocalJwks();
  let t: TestApp;
  let current: SigningKey;
  let next: SigningKey;
  let stranger: SigningKey;

  beforeAll(async () => {
    [current, next, stranger] = await Promise.all([
      signingKey('key-2024', 'RS256'),
      signingKey('key-2025', 'ES256'),
      signingKey('key-stranger', 'RS256'),
    ]);
    jwks.published = [await publicJwk(current)];
    await jwks.start();
    t = await startTestApp({
      OIDC_ISSUER: ISSUER,
      OIDC_AUDIENCE: AUDIENCE,
      OIDC_JWKS_URL: jwks.url,
      OIDC_ROLES_CLAIM: 'realm_access.roles',
      // One second, so that the test can watch a rotated-out key disappear.
      OIDC_JWKS_CACHE_SECONDS: '1',
    });
  });
  afterAll(async () => {
    await t?.close();
    await jwks.stop();
  });

  const listCases = (credential: string) => request(t.http).get('/v1/cases').set(bearer(credential));

  async function expectRefused(credential: string, code: string, status = 401) {
    const res = await listCases(credential);
    expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    if (status === 401) {
      expect(res.headers['www-authenticate']).toBe('Bearer realm="reconsideration", error="invalid_token"');
    }
    return res;
  }

  it('a valid token reads cases with the mapped role; a REPORTER token is refused a CLERK write (403)', async () => {
    const clerk = await token(current);
    const read = await listCases(clerk);
    expect(read.status).toBe(200);
    expect(jwks.fetches).toBeGreaterThan(0);

    const registered = await new CaseClient(t.http, clerk).register(registration());
    expect(registered.status).toBe(201);
    const history = await new CaseClient(t.http, clerk).history(registered.body.id);
    // The history names the officer and holds no key id: the sign-on subject is who acted.
    expect(history.body.events[0]).toMatchObject({ actorKeyId: null, actorName: '李文书' });

    const reporter = await token(current, { realm_access: { roles: ['REPORTER'] } });
    expect((await listCases(reporter)).status).toBe(200);
    const write = await new CaseClient(t.http, reporter).register(registration());
    expect(write.status).toBe(403);
    expect(write.body.code).toBe('FORBIDDEN');
  });

  it('two officers with the same display name never share an idempotency scope (iss#sub, not the name)', async () => {
    const body = registration();
    const headers = { 'idempotency-key': 'same-key-for-both' };
    const first = await new CaseClient(t.http, await token(current, { sub: 'officer-a' })).register(body, headers);
    const replay = await new CaseClient(t.http, await token(current, { sub: 'officer-a' })).register(body, headers);
    const other = await new CaseClient(t.http, await token(current, { sub: 'officer-b' })).register(body, headers);
    expect([first.status, replay.status, other.status]).toEqual([201, 201, 201]);
    expect(replay.body.id).toBe(first.body.id);
    expect(other.body.id).not.toBe(first.body.id);
  });

  it('INTEGRATION from a token is dropped, organs come from the organs claim, and a token with no known role is 403 TOKEN_NO_ROLE', async () => {
    const onlyIntegration = await token(current, { realm_access: { roles: ['INTEGRATION', 'uma_authorization'] } });
    const res = await expectRefused(onlyIntegration, 'TOKEN_NO_ROLE', 403);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="reconsideration", error="insufficient_scope"');
    const badOrgans = await token(current, { organs: ['TAIQIAN'] });
    await expectRefused(badOrgans, 'TOKEN_CLAIMS_INVALID');
    expect((await listCases(await token(current, { organs: [ORGAN] }))).status).toBe(200);
  });

  it('clock skew: expired beyond the tolerance is TOKEN_EXPIRED, within it accepted; a future nbf is TOKEN_NOT_YET_VALID', async () => {
    await expectRefused(await token(current, { iat: now() - 900, exp: now() - 120 }), 'TOKEN_EXPIRED');
    expect((await listCases(await token(current, { iat: now() - 900, exp: now() - 30 }))).status).toBe(200);
    await expectRefused(await token(current, { nbf: now() + 300 }), 'TOKEN_NOT_YET_VALID');
    expect((await listCases(await token(current, { nbf: now() + 30 }))).status).toBe(200);
  });

  it('wrong audience, wrong issuer and missing exp or sub are refused, each with its own code', async () => {
    await expectRefused(await token(current, { aud: 'another-system' }), 'TOKEN_AUDIENCE_INVALID');
    await expectRefused(await token(current, { iss: 'https://evil.test/realms/office' }), 'TOKEN_ISSUER_INVALID');
    await expectRefused(await token(current, { exp: undefined }), 'TOKEN_CLAIMS_INVALID');
    await expectRefused(await token(current, { sub: undefined }), 'TOKEN_CLAIMS_INVALID');
  });

  it('a key id the provider does not publish is TOKEN_KEY_UNKNOWN; a published kid with another key is TOKEN_SIGNATURE_INVALID', async () => {
    await expectRefused(await token(stranger), 'TOKEN_KEY_UNKNOWN');
    await expectRefused(await token(stranger, {}, { kid: current.kid }), 'TOKEN_SIGNATURE_INVALID');
  });

  it('alg none and HS256 signed with the public key (algorithm confusion) are TOKEN_ALGORITHM_NOT_ALLOWED', async () => {
    const claims = {
      iss: ISSUER,
      aud: AUDIENCE,
      sub: 'officer-1',
      realm_access: { roles: ['ADMIN'] },
      exp: now() + 300,
    };
    const unsigned = [
      base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' })),
      base64url.encode(JSON.stringify(claims)),
      '',
    ].join('.');
    await expectRefused(unsigned, 'TOKEN_ALGORITHM_NOT_ALLOWED');
    const noneWithKid = [
      base64url.encode(JSON.stringify({ alg: 'none', kid: current.kid })),
      base64url.encode(JSON.stringify(claims)),
      'c2lnbmF0dXJl',
    ].join('.');
    await expectRefused(noneWithKid, 'TOKEN_ALGORITHM_NOT_ALLOWED');

    const publicKeyBytes = new TextEncoder().encode(await exportSPKI(current.publicKey));
    const confused = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', kid: current.kid })
      .sign(publicKeyBytes);
    await expectRefused(confused, 'TOKEN_ALGORITHM_NOT_ALLOWED');
  });

  it('a tampered payload or signature is TOKEN_SIGNATURE_INVALID; a JWT-shaped string that is no JWT is TOKEN_MALFORMED', async () => {
    const [header, payload, signature] = (await token(current)).split('.') as [string, string, string];
    const raised = JSON.parse(new TextDecoder().decode(base64url.decode(payload))) as JWTPayload;
    raised.realm_access = { roles: ['ADMIN'] };
    await expectRefused(
      [header, base64url.encode(JSON.stringify(raised)), signature].join('.'),
      'TOKEN_SIGNATURE_INVALID',
    );
    const flipped = signature.slice(0, 10) + (signature[10] === 'A' ? 'B' : 'A') + signature.slice(11);
    await expectRefused([header, payload, flipped].join('.'), 'TOKEN_SIGNATURE_INVALID');
    await expectRefused('aaaa.bbbb.cccc', 'TOKEN_MALFORMED');
    await expectRefused(`${base64url.encode('not json')}.${payload}.${signature}`, 'TOKEN_MALFORMED');
  });

  it('a refusal never echoes the token or its claims, in the problem or in a log line', async () => {
    const logged: string[] = [];
    const spies = (['log', 'warn', 'error', 'debug', 'verbose', 'fatal'] as const).map((level) =>
      jest.spyOn(Logger.prototype, level).mockImplementation(function (this: Logger, ...args: unknown[]) {
        logged.push(JSON.stringify(args));
      }),
    );
    try {
      const secrets = { sub: 'subject-secret-4711', name: '秘密姓名', aud: 'audience-secret-0815' };
      const refused = [
        await token(current, { ...secrets, exp: now() - 3600 }),
        await token(current, secrets),
        await token(current, { ...secrets, aud: AUDIENCE, iss: 'https://issuer-secret.test' }),
        await token(stranger, { ...secrets, aud: AUDIENCE }),
        await token(current, { ...secrets, aud: AUDIENCE, realm_access: { roles: ['role-secret-99'] } }),
        await token(current, { ...secrets, aud: AUDIENCE, organs: ['organ-secret-42'] }),
      ];
      for (const credential of refused) {
        const res = await listCases(credential);
        expect(res.status).toBeGreaterThanOrEqual(401);
        const text = JSON.stringify({ body: res.body, headers: res.headers });
        for (const secret of [credential, ...credential.split('.'), ...Object.values(secrets), 'issuer-secret']) {
          expect(text).not.toContain(secret);
        }
        for (const secret of ['role-secret-99', 'organ-secret-42']) {
          expect(text).not.toContain(secret);
        }
      }
      const allLogged = logged.join('\n');
      for (const secret of [...refused, ...Object.values(secrets), 'issuer-secret', 'role-secret', 'organ-secret']) {
        expect(allLogged).not.toContain(secret);
      }
    } finally {
      spies.forEach((spy) => spy.mockRestore());
    }
  });

  it('API keys keep working alongside tokens, with their own codes', async () => {
    const clerkKey = await t.createKey(['CLERK']);
    expect((await listCases(clerkKey)).status).toBe(200);
    await expectRefused('rcs_not-a-real-key-0123456789abcdef', 'API_KEY_INVALID');
    const unauthenticated = await request(t.http).get('/v1/cases');
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.body.code).toBe('UNAUTHENTICATED');
  });

  it('keys rotate: a key removed from the JWKS stops working after the cache period, and a new key works', async () => {
    const before = await token(current);
    expect((await listCases(before)).status).toBe(200);
    jwks.published = [await publicJwk(next)];
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    await expectRefused(await token(current), 'TOKEN_KEY_UNKNOWN');
    expect((await listCases(await token(next))).status).toBe(200);
    // A token issued before the rotation is refused too: what counts is the key set now, not when it was signed.
    await expectRefused(before, 'TOKEN_KEY_UNKNOWN');
  });

  it('an identity provider that fails or cannot be reached is 503 IDENTITY_PROVIDER_UNAVAILABLE, never 500 or 401', async () => {
    const valid = await token(next);
    jwks.mode = 'error';
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    const failing = await listCases(valid);
    expect({ status: failing.status, code: failing.body.code }).toEqual({
      status: 503,
      code: 'IDENTITY_PROVIDER_UNAVAILABLE',
    });
    await jwks.stop();
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    const down = await listCases(valid);
    expect({ status: down.status, code: down.body.code }).toEqual({
      status: 503,
      code: 'IDENTITY_PROVIDER_UNAVAILABLE',
    });
    expect(JSON.stringify(down.body)).not.toContain(valid);
    // API keys do not depend on the identity provider.
    expect((await listCases(await t.createKey(['REPORTER']))).status).toBe(200);
  });
});

describe('with officers’ sign-on not configured', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a JWT is 401 OIDC_NOT_CONFIGURED (not looked up as an API key), and API keys work as before', async () => {
    const key = await signingKey('k', 'RS256');
    const res = await request(t.http)
      .get('/v1/cases')
      .set(bearer(await token(key)));
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 401, code: 'OIDC_NOT_CONFIGURED' });
    expect(res.headers['www-authenticate']).toBe('Bearer realm="reconsideration", error="invalid_token"');
    const clerkKey = await t.createKey(['CLERK']);
    expect((await request(t.http).get('/v1/cases').set(bearer(clerkKey))).status).toBe(200);
  });
});

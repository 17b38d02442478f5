import { InvalidEnvironmentError, loadEnv } from '../config/env';
import { ProblemException } from '../common/errors/problem.exception';
import { looksLikeJwt, OidcTokenService } from './oidc-token.service';

const OIDC = {
  OIDC_ISSUER: 'https://idp.example/realms/office',
  OIDC_AUDIENCE: 'reconsideration',
  OIDC_JWKS_URL: 'https://idp.example/realms/office/protocol/openid-connect/certs',
};

describe('officers’ sign-on: recognising tokens and configuration (issue 13 point 7)', () => {
  it('a JWT is three base64url parts (an empty signature too, as alg none sends); API keys are not', () => {
    expect(looksLikeJwt('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln')).toBe(true);
    expect(looksLikeJwt('eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.')).toBe(true);
    expect(looksLikeJwt('rcs_test-admin-key-0123456789abcdef')).toBe(false);
    expect(looksLikeJwt('a.b')).toBe(false);
    expect(looksLikeJwt('a.b.c.d')).toBe(false);
    expect(looksLikeJwt('a..c')).toBe(false);
  });

  it('OIDC is on only with issuer, audience and JWKS URL together; a partial set stops start-up naming what is missing', () => {
    expect(new OidcTokenService(loadEnv({})).enabled).toBe(false);
    expect(new OidcTokenService(loadEnv(OIDC)).enabled).toBe(true);
    const partial = { OIDC_ISSUER: OIDC.OIDC_ISSUER };
    expect(() => loadEnv(partial)).toThrow(InvalidEnvironmentError);
    expect(() => loadEnv(partial)).toThrow(/missing: OIDC_AUDIENCE, OIDC_JWKS_URL/);
  });

  it('never accepts none or HS* in OIDC_ALGORITHMS; production needs an https key set', () => {
    expect(loadEnv({ ...OIDC, OIDC_ALGORITHMS: 'RS256, ES384,EdDSA' }).OIDC_ALGORITHMS).toBe('RS256, ES384,EdDSA');
    for (const bad of ['none', 'RS256,HS256', 'HS512', 'RS256,', '']) {
      expect(() => loadEnv({ ...OIDC, OIDC_ALGORITHMS: bad })).toThrow(/OIDC_ALGORITHMS/);
    }
    expect(() => loadEnv({ ...OIDC, NODE_ENV: 'production', OIDC_JWKS_URL: 'http://idp.example/certs' })).toThrow(
      /https/,
    );
    expect(loadEnv({ ...OIDC, NODE_ENV: 'production' }).OIDC_JWKS_URL).toBe(OIDC.OIDC_JWKS_URL);
  });

  it('with OIDC off, a JWT is OIDC_NOT_CONFIGURED (401), not looked up as an API key', async () => {
    const service = new OidcTokenService(loadEnv({}));
    const error = await service.authenticate('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProblemException);
    expect(error).toMatchObject({ code: 'OIDC_NOT_CONFIGURED', status: 401 });
  });
});

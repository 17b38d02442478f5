import { actorFromClaims, claimAt, ClaimMapping } from './oidc-claims';

const ORGAN_A = '0b7f6a52-1f0e-4c1a-9d51-3c1de4b2a001';
const ORGAN_B = '0B7F6A52-1F0E-4C1A-9D51-3C1DE4B2A002';

const mapping: ClaimMapping = { rolesClaim: 'roles', organsClaim: 'organs', organsRequired: false, nameClaim: 'name' };
const claims = (extra: Record<string, unknown> = {}) => ({
  iss: 'https://idp.example/realms/office',
  sub: 'u-1',
  name: '李文书',
  roles: ['CLERK'],
  ...extra,
});

describe('officers’ sign-on: mapping a verified token’s claims to an actor (issue 13 point 7)', () => {
  it('maps roles, organs, name and the iss#sub subject; an officer has no key id and no scopes', () => {
    const result = actorFromClaims(claims({ organs: [ORGAN_A] }), mapping);
    expect(result).toEqual({
      ok: true,
      actor: {
        keyId: null,
        keyName: '李文书',
        roles: ['CLERK'],
        scopes: [],
        organIds: [ORGAN_A],
        subject: 'https://idp.example/realms/office#u-1',
      },
    });
  });

  it('reads a dotted path (Keycloak realm_access.roles), and a namespaced claim whose name has dots', () => {
    const nested = actorFromClaims(
      claims({ roles: undefined, realm_access: { roles: ['OFFICER', 'offline_access'] } }),
      {
        ...mapping,
        rolesClaim: 'realm_access.roles',
      },
    );
    expect(nested.ok && nested.actor.roles).toEqual(['OFFICER']);
    const namespaced = actorFromClaims(claims({ 'https://office.example/roles': ['SUPERVISOR'] }), {
      ...mapping,
      rolesClaim: 'https://office.example/roles',
    });
    expect(namespaced.ok && namespaced.actor.roles).toEqual(['SUPERVISOR']);
  });

  it('a path reaches own properties only: __proto__ and constructor find nothing', () => {
    expect(claimAt({ a: { b: 1 } }, 'a.b')).toBe(1);
    expect(claimAt({ a: { b: 1 } }, 'a.__proto__')).toBeUndefined();
    expect(claimAt({ a: 'x' }, 'a.length')).toBeUndefined();
    expect(claimAt({}, 'constructor.name')).toBeUndefined();
  });

  it('drops unknown roles and INTEGRATION (integrations use API keys with scopes); a space-separated string works', () => {
    const result = actorFromClaims(
      claims({ roles: ['CLERK', 'INTEGRATION', 'clerk', 'uma_authorization', 7, 'CLERK'] }),
      mapping,
    );
    expect(result.ok && result.actor.roles).toEqual(['CLERK']);
    const spaced = actorFromClaims(claims({ roles: 'REPORTER AUDITOR' }), mapping);
    expect(spaced.ok && spaced.actor.roles).toEqual(['REPORTER', 'AUDITOR']);
  });

  it('a token with no known role is TOKEN_NO_ROLE; only INTEGRATION is no role either', () => {
    for (const roles of [undefined, [], ['INTEGRATION'], ['citizen']]) {
      expect(actorFromClaims(claims({ roles }), mapping)).toMatchObject({ ok: false, code: 'TOKEN_NO_ROLE' });
    }
    expect(actorFromClaims(claims({ roles: { CLERK: true } }), mapping)).toMatchObject({
      ok: false,
      code: 'TOKEN_CLAIMS_INVALID',
    });
  });

  it('organ ids must be uuids (lower-cased, de-duplicated); anything else is TOKEN_CLAIMS_INVALID', () => {
    const ok = actorFromClaims(claims({ organs: [ORGAN_A, ORGAN_B, ORGAN_A.toUpperCase()] }), mapping);
    expect(ok.ok && ok.actor.organIds).toEqual([ORGAN_A, ORGAN_B.toLowerCase()]);
    for (const organs of [['TAIQIAN'], [ORGAN_A, 42], ORGAN_A, { id: ORGAN_A }, [`${ORGAN_A}x`]]) {
      expect(actorFromClaims(claims({ organs }), mapping)).toMatchObject({ ok: false, code: 'TOKEN_CLAIMS_INVALID' });
    }
  });

  it('organs absent: every organ (null), unless OIDC_ORGANS_REQUIRED; an empty list is no organ, not every organ', () => {
    const absent = actorFromClaims(claims(), mapping);
    expect(absent.ok && absent.actor.organIds).toBeNull();
    expect(actorFromClaims(claims(), { ...mapping, organsRequired: true })).toMatchObject({
      ok: false,
      code: 'TOKEN_CLAIMS_INVALID',
    });
    const empty = actorFromClaims(claims({ organs: [] }), mapping);
    expect(empty.ok && empty.actor.organIds).toEqual([]);
  });

  it('the name falls back to sub and is capped; a token without sub is TOKEN_CLAIMS_INVALID', () => {
    const noName = actorFromClaims(claims({ name: undefined }), mapping);
    expect(noName.ok && noName.actor.keyName).toBe('u-1');
    const blank = actorFromClaims(claims({ name: '  ' }), mapping);
    expect(blank.ok && blank.actor.keyName).toBe('u-1');
    const long = actorFromClaims(claims({ name: '长'.repeat(500) }), mapping);
    expect(long.ok && long.actor.keyName.length).toBe(200);
    expect(actorFromClaims(claims({ sub: '' }), mapping)).toMatchObject({ ok: false, code: 'TOKEN_CLAIMS_INVALID' });
    expect(actorFromClaims(claims({ sub: 12 }), mapping)).toMatchObject({ ok: false, code: 'TOKEN_CLAIMS_INVALID' });
  });

  it('a refusal names the configured claim, never a value from the token', () => {
    const result = actorFromClaims(claims({ organs: ['secret-organ-name'], roles: ['CLERK'] }), mapping);
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain('secret-organ-name');
    const noRole = actorFromClaims(claims({ roles: ['very-secret-role'] }), mapping);
    expect(JSON.stringify(noRole)).not.toContain('very-secret-role');
  });
});

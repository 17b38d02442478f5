import { UUID_PATTERN } from '../common/http/pagination';
import { Actor, Role, ROLES } from './roles';
import { expandOrganScope } from './organ-scope';

/** Which claims of a verified token say who the officer is, what they may do and where (from OIDC_* configuration). */
export interface ClaimMapping {
  rolesClaim: string;
  organsClaim: string;
  /** Without the organs claim: refuse the token (true) or let it see every organ (false). */
  organsRequired: boolean;
  nameClaim: string;
}

export type ClaimMappingResult =
  { ok: true; actor: Actor } | { ok: false; code: 'TOKEN_CLAIMS_INVALID' | 'TOKEN_NO_ROLE'; detail: string };

/** Display names go into case history; a provider that sends a novel in `name` must not fill the table. */
const MAX_NAME_LENGTH = 200;

/**
 * Roles a token may carry. INTEGRATION is for other government systems, which use API keys with scopes: an officer's
 * token never grants it, even if the identity provider lists it, because scopes would then be bypassed.
 */
const TOKEN_ROLES: ReadonlySet<Role> = new Set(ROLES.filter((role) => role !== 'INTEGRATION'));

/**
 * The value at `path`: a top-level claim of that exact name first (namespaced claims such as
 * `https://office.example/roles` contain dots), else a dotted walk through nested objects (`realm_access.roles`).
 * Only own properties are read, so `__proto__` or `constructor` in a path reach nothing.
 */
export function claimAt(payload: Record<string, unknown>, path: string): unknown {
  if (Object.hasOwn(payload, path)) {
    return payload[path];
  }
  let value: unknown = payload;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, part)) {
      return undefined;
    }
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/**
 * Maps the claims of a token whose signature, issuer, audience and times are already verified to the Actor that
 * services see. The details name the configured claim, never its value: a token's contents are not echoed.
 */
export function actorFromClaims(payload: Record<string, unknown>, mapping: ClaimMapping): ClaimMappingResult {
  const { iss, sub } = payload;
  if (typeof iss !== 'string' || typeof sub !== 'string' || sub.trim() === '') {
    return { ok: false, code: 'TOKEN_CLAIMS_INVALID', detail: 'The token needs a non-empty "sub" claim.' };
  }

  const rolesValue = claimAt(payload, mapping.rolesClaim);
  // A list, or one space-separated string as some providers send (like OAuth's `scope`).
  const listed = typeof rolesValue === 'string' ? rolesValue.split(/\s+/) : rolesValue;
  if (listed !== undefined && listed !== null && !Array.isArray(listed)) {
    return {
      ok: false,
      code: 'TOKEN_CLAIMS_INVALID',
      detail: `The token's "${mapping.rolesClaim}" claim must be a list of roles.`,
    };
  }
  const roles = [
    ...new Set((listed ?? []).filter((r): r is Role => typeof r === 'string' && TOKEN_ROLES.has(r as Role))),
  ];
  if (roles.length === 0) {
    return {
      ok: false,
      code: 'TOKEN_NO_ROLE',
      detail: `The token's "${mapping.rolesClaim}" claim names none of the roles ${[...TOKEN_ROLES].join(', ')}.`,
    };
  }

  const organsValue = claimAt(payload, mapping.organsClaim);
  let organIds: string[] | null;
  if (organsValue === undefined || organsValue === null) {
    if (mapping.organsRequired) {
      return {
        ok: false,
        code: 'TOKEN_CLAIMS_INVALID',
        detail: `The token needs the "${mapping.organsClaim}" claim (the organs the officer works for).`,
      };
    }
    organIds = null;
  } else if (Array.isArray(organsValue) && organsValue.every((o) => typeof o === 'string' && UUID_PATTERN.test(o))) {
    // An empty list is no organ at all, not every organ: only an absent claim means every organ.
    organIds = [...new Set((organsValue as string[]).map((o) => o.toLowerCase()))];
  } else {
    return {
      ok: false,
      code: 'TOKEN_CLAIMS_INVALID',
      detail: `The token's "${mapping.organsClaim}" claim must be a list of organ ids (uuid).`,
    };
  }

  const nameValue = claimAt(payload, mapping.nameClaim);
  const name = typeof nameValue === 'string' && nameValue.trim() !== '' ? nameValue.trim() : sub;

  return {
    ok: true,
    actor: {
      keyId: null,
      keyName: name.slice(0, MAX_NAME_LENGTH),
      roles,
      // Scopes restrict INTEGRATION keys only; an officer's role says what they may do.
      scopes: [],
      // The same expansion as for API keys (organ-scope.ts), so that a hierarchy, once modelled, covers both; an
      // empty list stays empty (no organ), where expandOrganScope would read it as every organ.
      organIds: organIds === null || organIds.length === 0 ? organIds : expandOrganScope(organIds),
      subject: `${iss}#${sub}`,
    },
  };
}

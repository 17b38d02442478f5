/** Who may do what. Labels in zh-CN are served by GET /v1/code-lists (ROLES). */
export const ROLES = ['ADMIN', 'SUPERVISOR', 'OFFICER', 'CLERK', 'REPORTER', 'INTEGRATION', 'AUDITOR'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Scopes restrict INTEGRATION keys (other government systems) to parts of the API. Human roles are not scoped:
 * their role already says what they may do.
 */
export const SCOPES = [
  'cases:read',
  'cases:write',
  'personal-data:read',
  'statistics:read',
  'calendar:read',
  'events:read',
] as const;
export type Scope = (typeof SCOPES)[number];

/** The authenticated caller, as services see it and as case history records it. */
export interface Actor {
  /** The API key that acts; null for system actors such as the case loader (named in keyName). */
  keyId: string | null;
  keyName: string;
  roles: Role[];
  scopes: Scope[];
  /**
   * The organs whose cases the caller may see and change (with their descendants already expanded); null means every
   * organ. A case of an organ outside the list is answered as if it did not exist (404, never 403).
   */
  organIds: readonly string[] | null;
  /** Signed-on officers (OIDC): the identity provider's issuer and subject, `iss#sub`. Absent for API keys. */
  subject?: string;
}

export function hasAnyRole(actor: Actor, roles: readonly Role[]): boolean {
  return actor.roles.some((r) => roles.includes(r));
}

import { isPersonalValueKind, PersonalValueKind } from './personal-values';

/**
 * The shape of a resource's fields, as a feature declares it (cases: PARTY_FIELDS): each field names its class or,
 * for a personal field, its kind of value (PERSONAL_VALUE_KINDS); `each` is a nested list shaped by its own tree.
 */
export type PersonalFieldTree = Readonly<Record<string, string | { each: PersonalFieldTree }>>;

/**
 * A copy of `item` in which every string in a personal field (by `tree`) is replaced by `map(kind, value, path)`;
 * everything else is copied as it is. `path` names the item (`applicants[0]`), so that each value's path
 * (`applicants[0].agents[1].phone`) is known. `publicKeys` exempts fields of this item (an organisation's own name).
 * The one walk over a resource's personal fields: sealing (case-field-classes.ts) and the presenter's masking of
 * plaintext written before the vault both use it.
 */
export function mapPersonalFields(
  item: object,
  tree: PersonalFieldTree,
  map: (kind: PersonalValueKind, value: string, path: string) => unknown,
  path: string,
  publicKeys?: ReadonlySet<string>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(item as Record<string, unknown>)) {
    const spec = tree[key];
    if (typeof spec === 'object' && Array.isArray(value)) {
      out[key] = value.map((v: unknown, i) =>
        v && typeof v === 'object' ? mapPersonalFields(v, spec.each, map, `${path}.${key}[${i}]`) : v,
      );
    } else if (
      typeof spec === 'string' &&
      isPersonalValueKind(spec) &&
      typeof value === 'string' &&
      !publicKeys?.has(key)
    ) {
      out[key] = map(spec, value, `${path}.${key}`);
    } else {
      out[key] = value;
    }
  }
  return out;
}

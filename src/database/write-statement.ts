/**
 * One data-modifying statement of a commit, with parameters of its own ($1, $2 … as if it stood alone). It may read
 * the common table expressions that come before it in the statement it is composed into.
 */
export interface WriteStep {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/**
 * Several writes as ONE statement of data-modifying common table expressions (issue 18 pt 1): one round trip where
 * there were one per table. Each CTE runs exactly once and to completion whether or not the final SELECT reads it;
 * all see the same snapshot, and a CTE reads an earlier one's RETURNING rows (a write that must not happen when the
 * first one wrote nothing joins it, e.g. `FROM act_case`). The steps' placeholders are renumbered in order.
 */
export function composeStatement(
  ctes: ReadonlyArray<{ name: string; step: WriteStep }>,
  select: WriteStep,
): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const renumber = (step: WriteStep): string => {
    const offset = values.length;
    values.push(...step.params);
    return step.sql.replace(/\$(\d+)/g, (_m, n: string) => {
      const index = Number(n);
      if (index < 1 || index > step.params.length) {
        throw new Error(`a write step refers to $${n} but has ${step.params.length} parameters`);
      }
      return `$${offset + index}`;
    });
  };
  const withs = ctes.map(({ name, step }) => `${name} AS (${renumber(step)})`);
  return { text: `WITH ${withs.join(',\n')}\n${renumber(select)}`, values };
}

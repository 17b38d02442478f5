import { ValidateIf } from 'class-validator';

/**
 * An optional field that may be omitted but not sent as `null`: the field's own rules then run on the null and
 * refuse it with a 400 (`@IsOptional()` would let it through, and a null reaching a NOT NULL column or a string
 * function answers 500). For a field where null means "clear it", use `@IsOptional()` instead.
 */
export const NotNullIfPresent = (): PropertyDecorator =>
  ValidateIf((_object: object, value: unknown) => value !== undefined);

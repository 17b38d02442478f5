import { ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldProblem, ProblemException } from './problem.exception';

/** 'isResidentId' → 'IS_RESIDENT_ID'; class-validator's whitelist rejection becomes UNKNOWN_FIELD. */
export function constraintToCode(constraint: string): string {
  if (constraint === 'whitelistValidation') {
    return 'UNKNOWN_FIELD';
  }
  return constraint
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase();
}

/**
 * A message never echoes the rejected value (PIPL 51: a wrong ID number or phone is still personal data, and problem
 * bodies end up in clients' logs). Our messages name the rule, not the value; this guards a `$value` in a message.
 */
function withheldValue(message: string, value: unknown): string {
  if ((typeof value === 'string' && value.length >= 4) || (typeof value === 'number' && Math.abs(value) >= 1000)) {
    const shown = String(value);
    if (message.includes(shown)) {
      return message.split(shown).join('(value withheld)');
    }
  }
  return message;
}

/** Flattens nested class-validator errors into `errors[]` entries with paths like `applicants[0].idNumber`. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const error of errors) {
    const segment = /^\d+$/.test(error.property)
      ? `[${error.property}]`
      : parent
        ? `.${error.property}`
        : error.property;
    const path = `${parent}${segment}`;
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
      out.push({
        path,
        code: constraintToCode(constraint),
        message:
          constraint === 'whitelistValidation' ? `Unknown field '${path}'.` : withheldValue(message, error.value),
      });
    }
    if (error.children && error.children.length > 0) {
      out.push(...flattenValidationErrors(error.children, path));
    }
  }
  return out;
}

/** The global pipe: strict whitelisting (unknown fields are 400, not silently dropped) and problem+json errors. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    stopAtFirstError: false,
    // The body itself is not kept on the errors: nothing downstream can log it by accident.
    validationError: { target: false },
    exceptionFactory: (errors: ValidationError[]) => validationProblem(errors),
  });
}

/** The 400 problem for class-validator errors, shared by the global pipe and validateDto(). */
export function validationProblem(errors: ValidationError[]): ProblemException {
  const problems = flattenValidationErrors(errors);
  const summary = problems
    .slice(0, 3)
    .map((p) => `${p.path}: ${p.message}`)
    .join('; ');
  return new ProblemException('VALIDATION_FAILED', `The request has ${problems.length} invalid field(s): ${summary}`, {
    errors: problems,
  });
}

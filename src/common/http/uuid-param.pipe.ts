import { ParseUUIDPipe } from '@nestjs/common';
import { ProblemException } from '../errors/problem.exception';

/** A path parameter that must be a UUID; a bad one is a 400 naming the parameter, never a 500 from PostgreSQL. */
export function uuidParam(name: string): ParseUUIDPipe {
  return new ParseUUIDPipe({
    exceptionFactory: () =>
      new ProblemException('VALIDATION_FAILED', `Path parameter '${name}' must be a UUID.`, {
        errors: [{ path: name, code: 'IS_UUID', message: `${name} must be a UUID` }],
      }),
  });
}

import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { validationProblem } from '../errors/validation';
import { ProblemException } from '../errors/problem.exception';

/**
 * Validates a plain object against a DTO class with the same rules as the global ValidationPipe. Used where the class
 * depends on the request (the action in POST /cases/{id}/actions/{action}) and by the loader, which bypasses HTTP.
 */
export async function validateDto<T extends object>(cls: new () => T, plain: unknown): Promise<T> {
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) {
    throw new ProblemException('VALIDATION_FAILED', 'The request body must be a JSON object.');
  }
  const instance = plainToInstance(cls, plain);
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  if (errors.length > 0) {
    throw validationProblem(errors);
  }
  return instance;
}

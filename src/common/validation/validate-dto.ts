import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { validationProblem } from '../errors/validation';
import { ProblemException } from '../errors/problem.exception';
import { rejectUnstorableText } from './nul-character.pipe';

/**
 * Validates a plain object against a DTO class with the same rules as the global ValidationPipe. Used where the class
 * depends on the request (the action in POST /cases/{id}/actions/{action}) and by the loader, which bypasses HTTP.
 */
export async function validateDto<T extends object>(cls: new () => T, plain: unknown): Promise<T> {
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) {
    throw new ProblemException('VALIDATION_FAILED', 'The request body must be a JSON object.');
  }
  // The loader reads files, not HTTP: the same NUL and surrogate check as the global pipe, so neither reaches the
  // database.
  rejectUnstorableText(plain, 'request body');
  // A field sent as null is a field not sent: @IsOptional lets null through, and the rules that the law makes of an
  // absent field (an approval, a dismissal's kind, a time limit) must not be skipped by a null (nor crash on it).
  const given = Object.fromEntries(Object.entries(plain as Record<string, unknown>).filter(([, v]) => v !== null));
  const instance = plainToInstance(cls, given);
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  if (errors.length > 0) {
    throw validationProblem(errors);
  }
  return instance;
}

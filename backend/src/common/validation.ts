import { ValidationError, ValidationPipe } from '@nestjs/common';
import { InvalidError, type Problem } from './domain-errors';

/** class-validator's errors as the one problem list, nested fields named with dots (`items.0.price`). */
export function validationProblems(errors: ValidationError[], parent = ''): Problem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      // class-validator's whitelist message is terse; say what to do.
      message: message.endsWith('should not exist') ? `unknown field '${field}' is not allowed` : message,
    }));
    return [...own, ...validationProblems(error.children ?? [], field)];
  });
}

/** Whitelist + reject unknown fields + transform, with messages a person can act on. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => InvalidError.list('Invalid request', validationProblems(errors)),
  });
}

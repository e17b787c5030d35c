import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

function flatten(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) =>
      // class-validator's whitelist message is terse; say what to do.
      message.endsWith('should not exist') ? `unknown field '${field}' is not allowed` : message,
    );
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Whitelist + reject unknown fields + transform, with messages a person can act on. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      return new BadRequestException({ message: `Invalid request: ${details.join('; ')}`, details });
    },
  });
}

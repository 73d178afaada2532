import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';

/** Flattens nested class-validator errors into `{ field: 'children[0].sex', messages }`. */
export function flattenValidationErrors(
  errors: ValidationError[],
  prefix = '',
): Array<{ field: string; messages: string[] }> {
  const out: Array<{ field: string; messages: string[] }> = [];
  for (const e of errors) {
    const isIndex = /^\d+$/.test(e.property);
    const field = prefix ? (isIndex ? `${prefix}[${e.property}]` : `${prefix}.${e.property}`) : e.property;
    if (e.constraints) out.push({ field, messages: Object.values(e.constraints) });
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

/**
 * Strict input: unknown fields are refused, types are converted, and the error names every bad field.
 */
export function strictValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fields = flattenValidationErrors(errors);
      return new BadRequestException({
        code: 'REQUEST.VALIDATION_FAILED',
        detail: `Check these fields: ${fields.map((f) => `${f.field} (${f.messages.join('; ')})`).join(', ')}.`,
        errors: fields,
      });
    },
  });
}

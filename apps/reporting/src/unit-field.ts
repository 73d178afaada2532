import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

/** The unit a reporting query is about; defaults to the caller's first when absent. */
const DEFAULT_DESCRIPTION = 'Commune (5 digits), province (2 digits) or VN; defaults to your first unit';

/**
 * The optional `unit` of a reporting query: a commune (5 digits), a province (2 digits) or VN. The
 * decorators are applied as a stack would (the bottom one first) so the validation errors keep their order.
 */
export function OptionalUnitQueryField(description = DEFAULT_DESCRIPTION): PropertyDecorator {
  return applyDecorators(
    Matches(/^(VN|\d{2}|\d{5})$/, {
      message: 'unit must be VN, a 2-digit province code or a 5-digit commune code',
    }),
    IsOptional(),
    ApiPropertyOptional({ description }),
  );
}

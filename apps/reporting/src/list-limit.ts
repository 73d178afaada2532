import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/**
 * The `limit` query parameter of reporting's lists: a whole number from 1 to 500, `byDefault` when absent.
 * The decorators are listed in the order they apply (the reverse of how they would stack on the property),
 * so that validation checks and reports them in the same order as stacked decorators did.
 */
export function ListLimit(byDefault?: number): PropertyDecorator {
  return applyDecorators(
    Max(500),
    Min(1),
    IsInt(),
    Transform(({ value }) => Number(value)),
    IsOptional(),
    ApiPropertyOptional({
      minimum: 1,
      maximum: 500,
      ...(byDefault === undefined ? {} : { default: byDefault }),
    }),
  );
}

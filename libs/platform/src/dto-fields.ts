import { applyDecorators, type Type as Class } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

/**
 * The property decorators the request DTOs repeat, one per kind of field: each documents the field in the
 * OpenAPI document and validates it, so the two cannot drift apart (a limit documented but not checked).
 * `docs` takes the other ApiProperty options (description, example, …).
 *
 * Order matters. A stack of decorators applies from the bottom up, and class-validator checks and reports a
 * property's constraints in the order they were applied: a 400 lists `maxLength` before `isString` because
 * `@MaxLength()` stood below `@IsString()`. Each field below is written as that stack, top first, and
 * `stack` applies it bottom-up, so the constraints keep their order and the error responses stay the same.
 */
function stack(...decorators: PropertyDecorator[]): PropertyDecorator {
  return applyDecorators(...decorators.reverse());
}

/** Enumerations as the vocabularies of `@cp/contracts` declare them (`as const` tuples). */
type Values = readonly (string | number)[];

/** Text of at most `maxLength` characters; `nonEmpty`: at least one. */
export function TextField(
  maxLength: number,
  { nonEmpty = false, ...docs }: ApiPropertyOptions & { nonEmpty?: boolean } = {},
): PropertyDecorator {
  return stack(
    ApiProperty({ maxLength, ...docs }),
    IsString(),
    ...(nonEmpty ? [MinLength(1)] : []),
    MaxLength(maxLength),
  );
}

export function OptionalTextField(maxLength: number, docs: ApiPropertyOptions = {}): PropertyDecorator {
  return stack(ApiPropertyOptional({ maxLength, ...docs }), IsOptional(), IsString(), MaxLength(maxLength));
}

/** An ISO 8601 date or instant, strict (no 31 February). */
export function TimestampField(docs: ApiPropertyOptions = {}): PropertyDecorator {
  return stack(ApiProperty(docs), IsISO8601({ strict: true }));
}

export function OptionalTimestampField(docs: ApiPropertyOptions = {}): PropertyDecorator {
  return stack(ApiPropertyOptional(docs), IsOptional(), IsISO8601({ strict: true }));
}

/** One of `values`. */
export function EnumField(values: Values, docs: ApiPropertyOptions = {}): PropertyDecorator {
  return stack(ApiProperty({ enum: values, ...docs }), IsIn(values));
}

export function OptionalEnumField(values: Values, docs: ApiPropertyOptions = {}): PropertyDecorator {
  return stack(ApiPropertyOptional({ enum: values, ...docs }), IsOptional(), IsIn(values));
}

/**
 * A list of `values`, at most as many entries as there are values; `nonEmpty`: at least one. Repeats are
 * not refused here (the deciders fold them).
 */
export function EnumListField(
  values: Values,
  { nonEmpty = false, ...docs }: ApiPropertyOptions & { nonEmpty?: boolean } = {},
): PropertyDecorator {
  return stack(
    ApiProperty({ enum: values, isArray: true, ...docs }),
    IsArray(),
    ...(nonEmpty ? [ArrayMinSize(1)] : []),
    ArrayMaxSize(values.length),
    IsIn(values, { each: true }),
  );
}

export function OptionalEnumListField(values: Values, docs: ApiPropertyOptions = {}): PropertyDecorator {
  return stack(
    ApiPropertyOptional({ enum: values, isArray: true, ...docs }),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(values.length),
    IsIn(values, { each: true }),
  );
}

/** A JSON boolean (`"true"` as a string is refused). */
export function FlagField(docs: ApiPropertyOptions = {}): PropertyDecorator {
  return stack(ApiProperty(docs), IsBoolean());
}

export function OptionalFlagField(docs: ApiPropertyOptions = {}): PropertyDecorator {
  return stack(ApiPropertyOptional(docs), IsOptional(), IsBoolean());
}

/** A whole number from `minimum` to `maximum`, both included. */
export function OptionalIntegerField(
  minimum: number,
  maximum: number,
  docs: ApiPropertyOptions = {},
): PropertyDecorator {
  return optionalInteger(minimum, maximum, docs, []);
}

/** The same in a query string, whose values are strings: converted to a number first. */
export function OptionalIntegerQueryField(
  minimum: number,
  maximum: number,
  docs: ApiPropertyOptions = {},
): PropertyDecorator {
  return optionalInteger(minimum, maximum, docs, [Type(() => Number)]);
}

function optionalInteger(
  minimum: number,
  maximum: number,
  docs: ApiPropertyOptions,
  conversion: PropertyDecorator[],
): PropertyDecorator {
  return stack(
    ApiPropertyOptional({ minimum, maximum, ...docs }),
    IsOptional(),
    ...conversion,
    IsInt(),
    Min(minimum),
    Max(maximum),
  );
}

/** An object validated as a `type` (its own decorators). */
export function NestedField(type: Class, docs: ApiPropertyOptions = {}): PropertyDecorator {
  return stack(
    ApiProperty({ type, ...docs }),
    ValidateNested(),
    Type(() => type),
  );
}

export function OptionalNestedField(type: Class, docs: ApiPropertyOptions = {}): PropertyDecorator {
  return stack(
    ApiPropertyOptional({ type, ...docs }),
    IsOptional(),
    ValidateNested(),
    Type(() => type),
  );
}

/** A list of at most `maxItems` objects, each validated as a `type`; `nonEmpty`: at least one. */
export function NestedListField(
  type: Class,
  { maxItems, nonEmpty = false, ...docs }: ApiPropertyOptions & { maxItems: number; nonEmpty?: boolean },
): PropertyDecorator {
  return stack(
    ApiProperty({ type: [type], ...docs }),
    IsArray(),
    ...(nonEmpty ? [ArrayMinSize(1)] : []),
    ArrayMaxSize(maxItems),
    ValidateNested({ each: true }),
    Type(() => type),
  );
}

export function OptionalNestedListField(
  type: Class,
  { maxItems, ...docs }: ApiPropertyOptions & { maxItems: number },
): PropertyDecorator {
  return stack(
    ApiPropertyOptional({ type: [type], ...docs }),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(maxItems),
    ValidateNested({ each: true }),
    Type(() => type),
  );
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateBy,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import type { FactKind } from './stat-fold';
import {
  DIMENSIONS,
  FACT_KINDS,
  FILTER_COLUMNS,
  SUBJECTS,
  type Dimension,
  type FilterColumn,
  type IndicatorDefinition,
  type Subject,
} from './indicators';

/** A filter's values: a non-empty list of strings or booleans. */
function IsFilterValues(field: string, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isFilterValues',
      validator: {
        validate: (v: unknown) =>
          Array.isArray(v) &&
          v.length > 0 &&
          v.length <= 50 &&
          v.every((s) => typeof s === 'boolean' || (typeof s === 'string' && s.length <= 100)),
        defaultMessage: () => `${field} must be a non-empty list of values (at most 50 strings or booleans)`,
      },
    },
    options,
  );
}

const filter = (column: FilterColumn) => [
  ApiPropertyOptional({ type: [String], description: `Values of ${column} (strings or booleans)` }),
  IsOptional(),
  IsFilterValues(`where.${column}`),
];
const apply =
  (decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, key) => {
    for (const d of decorators) d(target, key);
  };

export class IndicatorNameDto {
  @ApiProperty()
  @IsString({ message: 'name.vi is required' })
  @Matches(/\S/, { message: 'name.vi is required' })
  @MaxLength(300, { message: 'name.vi must be at most 300 characters' })
  vi!: string;

  @ApiProperty()
  @IsString({ message: 'name.en is required' })
  @Matches(/\S/, { message: 'name.en is required' })
  @MaxLength(300, { message: 'name.en must be at most 300 characters' })
  en!: string;
}

/** Filters on the facts' columns; a column not listed here is refused by name (whitelist). */
export class IndicatorFilterDto implements Partial<Record<FilterColumn, Array<string | boolean>>> {
  @apply(filter('abused')) abused?: Array<string | boolean>;
  @apply(filter('level')) level?: Array<string | boolean>;
  @apply(filter('category')) category?: Array<string | boolean>;
  @apply(filter('outcome')) outcome?: Array<string | boolean>;
  @apply(filter('purpose')) purpose?: Array<string | boolean>;
  @apply(filter('channel')) channel?: Array<string | boolean>;
  @apply(filter('deadline_kind')) deadline_kind?: Array<string | boolean>;
  @apply(filter('form')) form?: Array<string | boolean>;
  @apply(filter('setting')) setting?: Array<string | boolean>;
  @apply(filter('sex')) sex?: Array<string | boolean>;
  @apply(filter('issue')) issue?: Array<string | boolean>;
}

/**
 * `PUT /indicators/:code`: an indicator definition (docs/reporting.md: indicators are data). Validated and
 * whitelisted by the global pipe like every other body: an unknown field (or filter column) is a 400
 * naming it, and each bad field is named with what it must be.
 */
export class IndicatorDefinitionDto implements IndicatorDefinition {
  @ApiProperty({ example: 'CP-0101-ONLINE', description: '2–32 upper-case letters, digits or dashes' })
  @IsString({ message: 'code must be 2–32 upper-case letters, digits or dashes' })
  @Matches(/^[A-Z0-9][A-Z0-9-]{1,31}$/, { message: 'code must be 2–32 upper-case letters, digits or dashes' })
  code!: string;

  @ApiProperty({ type: IndicatorNameDto })
  @IsObject({ message: 'name must be an object with vi and en' })
  @ValidateNested()
  @Type(() => IndicatorNameDto)
  name!: IndicatorNameDto;

  @ApiProperty({ description: 'What counts, in words, for the reader of a report' })
  @IsString({ message: 'counts is required' })
  @Matches(/\S/, { message: 'counts is required' })
  @MaxLength(2000, { message: 'counts must be at most 2000 characters' })
  counts!: string;

  @ApiProperty({ description: 'The legal or statistical basis (may be empty)' })
  @IsString({ message: 'basis is required' })
  @MaxLength(500, { message: 'basis must be at most 500 characters' })
  basis!: string;

  @ApiProperty({ enum: FACT_KINDS, isArray: true })
  @IsArray({ message: `facts must list one or more of ${FACT_KINDS.join(', ')}` })
  @ArrayMinSize(1, { message: `facts must list one or more of ${FACT_KINDS.join(', ')}` })
  @ArrayMaxSize(FACT_KINDS.length, { message: `facts must list at most ${FACT_KINDS.length} kinds` })
  @IsIn(FACT_KINDS, { each: true, message: `each of facts must be one of ${FACT_KINDS.join(', ')}` })
  facts!: FactKind[];

  @ApiProperty({ enum: SUBJECTS })
  @IsIn(SUBJECTS, { message: `subject must be one of ${SUBJECTS.join(', ')}` })
  subject!: Subject;

  @ApiPropertyOptional({ type: IndicatorFilterDto, description: `Filters on ${FILTER_COLUMNS.join(', ')}` })
  @IsOptional()
  @IsObject({ message: 'where must be an object' })
  @ValidateNested()
  @Type(() => IndicatorFilterDto)
  where?: IndicatorFilterDto;

  @ApiProperty({ enum: DIMENSIONS, isArray: true })
  @IsArray({ message: 'dimensions must be a list' })
  @ArrayMaxSize(DIMENSIONS.length, { message: `dimensions must list at most ${DIMENSIONS.length}` })
  @IsIn(DIMENSIONS, { each: true, message: `each of dimensions must be one of ${DIMENSIONS.join(', ')}` })
  dimensions!: Dimension[];
}

/**
 * The definition as stored: plain data, without the properties the DTO class declares but the body did
 * not give (class fields exist on the instance as `undefined`: a filter column left out is no filter).
 */
export function toDefinition(dto: IndicatorDefinitionDto): IndicatorDefinition {
  const where = dto.where
    ? (Object.fromEntries(
        Object.entries(dto.where).filter(([, v]) => v !== undefined),
      ) as IndicatorDefinition['where'])
    : undefined;
  return {
    code: dto.code,
    name: { vi: dto.name.vi, en: dto.name.en },
    counts: dto.counts,
    basis: dto.basis,
    facts: [...dto.facts],
    subject: dto.subject,
    ...(where ? { where } : {}),
    dimensions: [...dto.dimensions],
  };
}

import 'reflect-metadata';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { plainToInstance, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  getMetadataStorage,
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
  validateSync,
  ValidateNested,
} from 'class-validator';
import {
  EnumField,
  EnumListField,
  FlagField,
  NestedField,
  NestedListField,
  OptionalEnumField,
  OptionalEnumListField,
  OptionalFlagField,
  OptionalIntegerField,
  OptionalNestedField,
  OptionalNestedListField,
  OptionalTextField,
  OptionalTimestampField,
  TextField,
  TimestampField,
} from './dto-fields';

// Each field decorator against the stack of decorators it stands for, written by hand: the same
// OpenAPI metadata, the same constraints in the same order, the same errors in the same order.

const COLOURS = ['red', 'green'] as const;

class Inner {
  @IsString()
  name: string;
}

class Stacked {
  @ApiProperty({ maxLength: 10, description: 'd' })
  @IsString()
  @MaxLength(10)
  text: string;

  @ApiProperty({ maxLength: 10 })
  @IsString()
  @MinLength(1)
  @MaxLength(10)
  nonEmptyText: string;

  @ApiPropertyOptional({ maxLength: 10 })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  optionalText?: string;

  @ApiProperty({ description: 'd' })
  @IsISO8601({ strict: true })
  at: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601({ strict: true })
  optionalAt?: string;

  @ApiProperty({ enum: COLOURS, description: 'd' })
  @IsIn(COLOURS)
  colour: string;

  @ApiPropertyOptional({ enum: COLOURS })
  @IsOptional()
  @IsIn(COLOURS)
  optionalColour?: string;

  @ApiProperty({ enum: COLOURS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(COLOURS.length)
  @IsIn(COLOURS, { each: true })
  colours: string[];

  @ApiPropertyOptional({ enum: COLOURS, isArray: true, description: 'd' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(COLOURS.length)
  @IsIn(COLOURS, { each: true })
  optionalColours?: string[];

  @ApiProperty()
  @IsBoolean()
  flag: boolean;

  @ApiPropertyOptional({ description: 'd' })
  @IsOptional()
  @IsBoolean()
  optionalFlag?: boolean;

  @ApiPropertyOptional({ minimum: 0, maximum: 17 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(17)
  age?: number;

  @ApiProperty({ type: Inner })
  @ValidateNested()
  @Type(() => Inner)
  inner: Inner;

  @ApiPropertyOptional({ type: Inner, description: 'd' })
  @IsOptional()
  @ValidateNested()
  @Type(() => Inner)
  optionalInner?: Inner;

  @ApiProperty({ type: [Inner] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(3)
  @ValidateNested({ each: true })
  @Type(() => Inner)
  inners: Inner[];

  @ApiPropertyOptional({ type: [Inner], description: 'd' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(3)
  @ValidateNested({ each: true })
  @Type(() => Inner)
  optionalInners?: Inner[];
}

class Composed {
  @TextField(10, { description: 'd' })
  text: string;

  @TextField(10, { nonEmpty: true })
  nonEmptyText: string;

  @OptionalTextField(10)
  optionalText?: string;

  @TimestampField({ description: 'd' })
  at: string;

  @OptionalTimestampField()
  optionalAt?: string;

  @EnumField(COLOURS, { description: 'd' })
  colour: string;

  @OptionalEnumField(COLOURS)
  optionalColour?: string;

  @EnumListField(COLOURS, { nonEmpty: true })
  colours: string[];

  @OptionalEnumListField(COLOURS, { description: 'd' })
  optionalColours?: string[];

  @FlagField()
  flag: boolean;

  @OptionalFlagField({ description: 'd' })
  optionalFlag?: boolean;

  @OptionalIntegerField(0, 17)
  age?: number;

  @NestedField(Inner)
  inner: Inner;

  @OptionalNestedField(Inner, { description: 'd' })
  optionalInner?: Inner;

  @NestedListField(Inner, { nonEmpty: true, maxItems: 3 })
  inners: Inner[];

  @OptionalNestedListField(Inner, { maxItems: 3, description: 'd' })
  optionalInners?: Inner[];
}

const constraints = (target: object) =>
  getMetadataStorage()
    .getTargetValidationMetadatas(target as never, '', true, false)
    // IsOptional's constraint is a closure made per property: compare its kind, not its identity.
    .map((m) => [
      m.propertyName,
      m.name ?? m.type,
      (m.constraints as unknown[] | undefined)?.map((c) => (typeof c === 'function' ? 'function' : c)),
      m.each,
    ]);

const openApi = (target: { prototype: object }) => {
  const keys = Reflect.getMetadata('swagger/apiModelPropertiesArray', target.prototype) as string[];
  return keys.map((key) => [
    key,
    Reflect.getMetadata('swagger/apiModelProperties', target.prototype, key.slice(1)) as unknown,
  ]);
};

const errors = (target: new () => object, plain: object) =>
  validateSync(plainToInstance(target, plain)).map((e) => [
    e.property,
    Object.keys(e.constraints ?? {}),
    (e.children ?? []).length,
  ]);

describe('field decorators', () => {
  it('document every field as the stack they replace did', () => {
    expect(openApi(Composed)).toEqual(openApi(Stacked));
  });

  it('record the constraints of each field in the order of the stack they replace', () => {
    expect(constraints(Composed)).toEqual(constraints(Stacked));
    // A stack applies bottom-up: the limit is checked (and reported) before the type.
    expect(constraints(Composed).filter(([p]) => p === 'text')).toEqual([
      ['text', 'maxLength', [10], false],
      ['text', 'isString', undefined, false],
    ]);
  });

  it('report the same errors in the same order', () => {
    const fill = (value: unknown) =>
      Object.fromEntries(openApi(Stacked).map(([key]) => [(key as string).slice(1), value]));
    for (const plain of [
      {},
      fill(12),
      fill('x'.repeat(11)),
      fill([]),
      fill(['blue']),
      fill([{}]),
      fill(null),
    ]) {
      expect(errors(Composed, plain)).toEqual(errors(Stacked, plain));
    }
  });
});

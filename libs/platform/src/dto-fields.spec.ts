import 'reflect-metadata';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { plainToInstance, Type } from 'class-transformer';
import * as cv from 'class-validator';
import * as fields from './dto-fields';

// Each field decorator against the stack of decorators it stands for, written by hand: the same
// OpenAPI metadata, the same constraints in the same order, the same errors in the same order.

const COLOURS = ['red', 'green'] as const;

class Inner {
  @cv.IsString()
  name: string;
}

class Stacked {
  @ApiProperty({ maxLength: 10, description: 'd' })
  @cv.IsString()
  @cv.MaxLength(10)
  text: string;

  @ApiProperty({ maxLength: 10 })
  @cv.IsString()
  @cv.MinLength(1)
  @cv.MaxLength(10)
  nonEmptyText: string;

  @ApiPropertyOptional({ maxLength: 10 })
  @cv.IsOptional()
  @cv.IsString()
  @cv.MaxLength(10)
  optionalText?: string;

  @ApiProperty({ description: 'd' })
  @cv.IsISO8601({ strict: true })
  at: string;

  @ApiPropertyOptional()
  @cv.IsOptional()
  @cv.IsISO8601({ strict: true })
  optionalAt?: string;

  @ApiProperty({ enum: COLOURS, description: 'd' })
  @cv.IsIn(COLOURS)
  colour: string;

  @ApiPropertyOptional({ enum: COLOURS })
  @cv.IsOptional()
  @cv.IsIn(COLOURS)
  optionalColour?: string;

  @ApiProperty({ enum: COLOURS, isArray: true })
  @cv.IsArray()
  @cv.ArrayMinSize(1)
  @cv.ArrayMaxSize(COLOURS.length)
  @cv.IsIn(COLOURS, { each: true })
  colours: string[];

  @ApiPropertyOptional({ enum: COLOURS, isArray: true, description: 'd' })
  @cv.IsOptional()
  @cv.IsArray()
  @cv.ArrayMaxSize(COLOURS.length)
  @cv.IsIn(COLOURS, { each: true })
  optionalColours?: string[];

  @ApiProperty()
  @cv.IsBoolean()
  flag: boolean;

  @ApiPropertyOptional({ description: 'd' })
  @cv.IsOptional()
  @cv.IsBoolean()
  optionalFlag?: boolean;

  @ApiPropertyOptional({ minimum: 0, maximum: 17 })
  @cv.IsOptional()
  @cv.IsInt()
  @cv.Min(0)
  @cv.Max(17)
  age?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 10 })
  @cv.IsOptional()
  @Type(() => Number)
  @cv.IsInt()
  @cv.Min(1)
  @cv.Max(50)
  limit?: number;

  @ApiProperty({ type: Inner })
  @cv.ValidateNested()
  @Type(() => Inner)
  inner: Inner;

  @ApiPropertyOptional({ type: Inner, description: 'd' })
  @cv.IsOptional()
  @cv.ValidateNested()
  @Type(() => Inner)
  optionalInner?: Inner;

  @ApiProperty({ type: [Inner] })
  @cv.IsArray()
  @cv.ArrayMinSize(1)
  @cv.ArrayMaxSize(3)
  @cv.ValidateNested({ each: true })
  @Type(() => Inner)
  inners: Inner[];

  @ApiPropertyOptional({ type: [Inner], description: 'd' })
  @cv.IsOptional()
  @cv.IsArray()
  @cv.ArrayMaxSize(3)
  @cv.ValidateNested({ each: true })
  @Type(() => Inner)
  optionalInners?: Inner[];
}

class Composed {
  @fields.TextField(10, { description: 'd' })
  text: string;

  @fields.TextField(10, { nonEmpty: true })
  nonEmptyText: string;

  @fields.OptionalTextField(10)
  optionalText?: string;

  @fields.TimestampField({ description: 'd' })
  at: string;

  @fields.OptionalTimestampField()
  optionalAt?: string;

  @fields.EnumField(COLOURS, { description: 'd' })
  colour: string;

  @fields.OptionalEnumField(COLOURS)
  optionalColour?: string;

  @fields.EnumListField(COLOURS, { nonEmpty: true })
  colours: string[];

  @fields.OptionalEnumListField(COLOURS, { description: 'd' })
  optionalColours?: string[];

  @fields.FlagField()
  flag: boolean;

  @fields.OptionalFlagField({ description: 'd' })
  optionalFlag?: boolean;

  @fields.OptionalIntegerField(0, 17)
  age?: number;

  @fields.OptionalIntegerQueryField(1, 50, { default: 10 })
  limit?: number;

  @fields.NestedField(Inner)
  inner: Inner;

  @fields.OptionalNestedField(Inner, { description: 'd' })
  optionalInner?: Inner;

  @fields.NestedListField(Inner, { nonEmpty: true, maxItems: 3 })
  inners: Inner[];

  @fields.OptionalNestedListField(Inner, { maxItems: 3, description: 'd' })
  optionalInners?: Inner[];
}

const constraints = (target: object) =>
  cv
    .getMetadataStorage()
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
  cv
    .validateSync(plainToInstance(target, plain))
    .map((e) => [e.property, Object.keys(e.constraints ?? {}), (e.children ?? []).length]);

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

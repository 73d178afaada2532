import 'reflect-metadata';
import { BadRequestException } from '@nestjs/common';
import { strictValidationPipe } from '@cp/observability';
import { IndicatorDefinitionDto, toDefinition } from './indicator.dto';
import { DEFAULT_INDICATORS, indicatorProblems } from './indicators';

// `PUT /indicators/:code` through the pipe every body goes through: the definition is a whitelisted
// DTO, so an unknown field is refused by name, and each bad field is named with what it must be.

const pipe = strictValidationPipe();
const validate = (body: unknown) =>
  pipe.transform(body, { type: 'body', metatype: IndicatorDefinitionDto, data: '' });

async function errorsOf(body: unknown): Promise<Array<{ field: string; messages: string[] }>> {
  try {
    await validate(body);
  } catch (err) {
    expect(err).toBeInstanceOf(BadRequestException);
    const res = (err as BadRequestException).getResponse() as {
      code: string;
      errors: Array<{ field: string; messages: string[] }>;
    };
    expect(res.code).toBe('REQUEST.VALIDATION_FAILED');
    return res.errors;
  }
  throw new Error('the body was accepted');
}

const valid = { ...DEFAULT_INDICATORS[0], code: 'CP-PROBE' };

it('accepts every shipped definition as it is', async () => {
  for (const d of DEFAULT_INDICATORS)
    await expect(validate(d)).resolves.toBeInstanceOf(IndicatorDefinitionDto);
});

it('refuses an unknown field, naming it', async () => {
  expect(await errorsOf({ ...valid, sql: 'DROP TABLE rm_indicators' })).toEqual([
    { field: 'sql', messages: ['property sql should not exist'] },
  ]);
});

it('refuses an unknown filter column and an unknown name field, naming them with their path', async () => {
  const errors = await errorsOf({
    ...valid,
    where: { abused: [true], colour: ['red'] },
    name: { ...valid.name, fr: 'x' },
  });
  expect(errors.map((e) => e.field).sort()).toEqual(['name.fr', 'where.colour']);
});

it('names each bad field with what it must be', async () => {
  const errors = await errorsOf({
    code: 'bad code',
    name: { vi: ' ', en: 'Children' },
    counts: '',
    basis: 7,
    facts: ['nope'],
    subject: 'household',
    where: { level: [] },
    dimensions: ['shoe_size'],
  });
  const byField = Object.fromEntries(errors.map((e) => [e.field, e.messages.join('; ')]));
  expect(Object.keys(byField).sort()).toEqual(
    ['basis', 'code', 'counts', 'dimensions', 'facts', 'name.vi', 'subject', 'where.level'].sort(),
  );
  for (const [field, message] of Object.entries(byField)) expect(message).toContain(field.split('.')[0]);
  expect(byField.code).toBe('code must be 2–32 upper-case letters, digits or dashes');
  expect(byField['name.vi']).toBe('name.vi is required');
  expect(byField.subject).toBe('subject must be one of child, case, contact, fact');
});

it('refuses a missing body part: every required field is named', async () => {
  const errors = await errorsOf({});
  expect(errors.map((e) => e.field).sort()).toEqual(
    ['basis', 'code', 'counts', 'dimensions', 'facts', 'name', 'subject'].sort(),
  );
});

it('stores exactly what was given: the shipped definitions pass through the DTO unchanged and valid', async () => {
  for (const d of DEFAULT_INDICATORS) {
    const def = toDefinition((await validate(d)) as IndicatorDefinitionDto);
    expect(def).toStrictEqual(d);
    expect(indicatorProblems(def)).toEqual([]);
  }
});

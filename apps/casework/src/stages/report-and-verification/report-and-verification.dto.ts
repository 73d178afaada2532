import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import {
  CHANNELS,
  CHILD_CATEGORIES,
  CONCERNS,
  SEXES,
  SPECIAL_CIRCUMSTANCES,
  type Channel,
  type ChildCategory,
  type Concern,
  type Sex,
  type SpecialCircumstance,
  ABUSE_SETTINGS,
  type AbuseSetting,
} from '@cp/contracts';
import {
  EnumField,
  EnumListField,
  NestedListField,
  OptionalEnumField,
  OptionalEnumListField,
  OptionalFlagField,
  OptionalIntegerField,
  OptionalTextField,
  TimestampField,
} from '@cp/platform';
import { COMMUNE_CODE, TEXT } from '../../http/step.dto';

export class CaseChildDto {
  @EnumField(SEXES)
  sex: Sex;

  @OptionalIntegerField(0, 17)
  ageYears?: number;

  @OptionalEnumListField(SPECIAL_CIRCUMSTANCES, { description: 'Law on Children Art. 10' })
  specialCircumstances?: SpecialCircumstance[];
}

/** A commune opens a case from a report it received directly (Mẫu 01 data without personal fields). */
export class OpenCaseDto {
  @TimestampField({
    description: 'When the commune received the report (ISO 8601): it starts the 12-hour clock',
  })
  receivedAt: string;

  @ApiProperty({ description: '5-digit commune code where the incident happened' })
  @Matches(COMMUNE_CODE, { message: 'incidentCommuneCode must be a 5-digit commune code' })
  incidentCommuneCode: string;

  @ApiPropertyOptional({ description: '5-digit commune code where the child lives, if known' })
  @IsOptional()
  @Matches(COMMUNE_CODE, { message: 'residenceCommuneCode must be a 5-digit commune code' })
  residenceCommuneCode?: string;

  @EnumListField(CONCERNS, { nonEmpty: true })
  concerns: Concern[];

  @NestedListField(CaseChildDto, { nonEmpty: true, maxItems: 20 })
  children: CaseChildDto[];

  @OptionalFlagField()
  urgent?: boolean;

  @OptionalEnumField(CHILD_CATEGORIES, { description: 'Mẫu 01 child category' })
  category?: ChildCategory;

  @OptionalEnumField(ABUSE_SETTINGS, { description: 'Where the abuse or risk happened (family, school, …)' })
  setting?: AbuseSetting;

  @OptionalTextField(100, { description: 'The commune’s number for the report' })
  reportNumber?: string;

  @OptionalEnumField(CHANNELS, { description: 'How the report reached the commune' })
  channel?: Channel;

  @OptionalTextField(TEXT, { description: 'The child’s current condition' })
  currentCondition?: string;

  @OptionalTextField(TEXT, { description: 'What is expected to happen without help' })
  expectedWithoutHelp?: string;

  @OptionalTextField(TEXT, { description: 'Actions already taken' })
  actionsTaken?: string;
}

export class AssignWorkerDto {
  @ApiProperty({ description: 'User id (token subject) of the commune worker' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  workerId: string;
}

export class ResidenceDto {
  @ApiProperty({ description: '5-digit code of the commune where the child lives' })
  @Matches(COMMUNE_CODE, { message: 'communeCode must be a 5-digit commune code' })
  communeCode: string;
}

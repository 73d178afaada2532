import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';
import {
  EnumField,
  FlagField,
  NestedField,
  NestedListField,
  OptionalTextField,
  OptionalTimestampField,
  TextField,
} from '@cp/platform';
import {
  MEETING_ROLES,
  PLAN_MEASURES,
  type MeetingRole,
  type PlanMeasure,
} from '../../domain/case.vocabulary';
import { TEXT, SHORT } from '../../http/step.dto';

export class ParticipantDto {
  @EnumField(MEETING_ROLES)
  role: MeetingRole;

  @OptionalTextField(SHORT)
  name?: string;
}

export class ChildViewsDto {
  @FlagField({ description: 'Whether the child was heard (children aged 7 and over must be)' })
  heard: boolean;

  @OptionalTextField(TEXT)
  summary?: string;

  @OptionalTextField(TEXT)
  reasonNotHeard?: string;
}

export class NeedsMeetingDto {
  @OptionalTimestampField()
  heldAt?: string;

  @NestedListField(ParticipantDto, { nonEmpty: true, maxItems: 50 })
  participants: ParticipantDto[];

  @NestedField(ChildViewsDto)
  childViews: ChildViewsDto;

  @TextField(20000)
  minutes: string;
}

export class PlanItemDto {
  @ApiPropertyOptional({ description: 'Keep the id of an item carried over from the previous version' })
  @IsOptional()
  @IsUUID()
  itemId?: string;

  @EnumField(PLAN_MEASURES)
  measure: PlanMeasure;

  @TextField(TEXT)
  description: string;

  @TextField(SHORT)
  responsibleBody: string;

  @ApiProperty({ description: 'Local date the item is due (YYYY-MM-DD)' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dueDate must be a date YYYY-MM-DD' })
  dueDate: string;
}

export class DraftPlanDto {
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(TEXT, { each: true })
  goals: string[];

  @NestedListField(PlanItemDto, { nonEmpty: true, maxItems: 50 })
  items: PlanItemDto[];

  @OptionalTextField(TEXT, { description: 'Required when revising a returned or reviewed plan' })
  revisionReason?: string;
}

export class PlanDecisionDto {
  @EnumField(['approve', 'return'])
  decision: 'approve' | 'return';

  @OptionalTextField(100, { description: 'Number of the approval decision (Mẫu 05)' })
  decisionNo?: string;

  @OptionalTextField(TEXT, { description: 'Required when returning the plan' })
  reasons?: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import {
  MEETING_ROLES,
  PLAN_MEASURES,
  type MeetingRole,
  type PlanMeasure,
} from '../../domain/case.vocabulary';
import { TEXT, SHORT } from '../../http/step.dto';

export class ParticipantDto {
  @ApiProperty({ enum: MEETING_ROLES })
  @IsIn(MEETING_ROLES)
  role: MeetingRole;

  @ApiPropertyOptional({ maxLength: SHORT })
  @IsOptional()
  @IsString()
  @MaxLength(SHORT)
  name?: string;
}

export class ChildViewsDto {
  @ApiProperty({ description: 'Whether the child was heard (children aged 7 and over must be)' })
  @IsBoolean()
  heard: boolean;

  @ApiPropertyOptional({ maxLength: TEXT })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  summary?: string;

  @ApiPropertyOptional({ maxLength: TEXT })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  reasonNotHeard?: string;
}

export class NeedsMeetingDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601({ strict: true })
  heldAt?: string;

  @ApiProperty({ type: [ParticipantDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ParticipantDto)
  participants: ParticipantDto[];

  @ApiProperty({ type: ChildViewsDto })
  @ValidateNested()
  @Type(() => ChildViewsDto)
  childViews: ChildViewsDto;

  @ApiProperty({ maxLength: 20000 })
  @IsString()
  @MaxLength(20000)
  minutes: string;
}

export class PlanItemDto {
  @ApiPropertyOptional({ description: 'Keep the id of an item carried over from the previous version' })
  @IsOptional()
  @IsUUID()
  itemId?: string;

  @ApiProperty({ enum: PLAN_MEASURES })
  @IsIn(PLAN_MEASURES)
  measure: PlanMeasure;

  @ApiProperty({ maxLength: TEXT })
  @IsString()
  @MaxLength(TEXT)
  description: string;

  @ApiProperty({ maxLength: SHORT })
  @IsString()
  @MaxLength(SHORT)
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

  @ApiProperty({ type: [PlanItemDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PlanItemDto)
  items: PlanItemDto[];

  @ApiPropertyOptional({ maxLength: TEXT, description: 'Required when revising a returned or reviewed plan' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  revisionReason?: string;
}

export class PlanDecisionDto {
  @ApiProperty({ enum: ['approve', 'return'] })
  @IsIn(['approve', 'return'])
  decision: 'approve' | 'return';

  @ApiPropertyOptional({ maxLength: 100, description: 'Number of the approval decision (Mẫu 05)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  decisionNo?: string;

  @ApiPropertyOptional({ maxLength: TEXT, description: 'Required when returning the plan' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  reasons?: string;
}

import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength } from 'class-validator';
import { RATINGS, type Rating } from '../domain/case.vocabulary';

/** Limits the request bodies of every stage share. */
export const COMMUNE_CODE = /^\d{5}$/;
export const TEXT = 4000;
export const SHORT = 300;

export class EmptyDto {}

export class NoteDto {
  @ApiProperty({ maxLength: TEXT })
  @IsString()
  @MaxLength(TEXT)
  note: string;
}

export class ReasonDto {
  @ApiProperty({ maxLength: TEXT })
  @IsString()
  @MaxLength(TEXT)
  reason: string;
}

/** The risk scores of an assessment (Mẫu 02), also recorded by a review. */
export class RiskScoresDto {
  @ApiProperty({ enum: RATINGS, description: 'Mức độ tổn hại' })
  @IsIn(RATINGS)
  severity_of_harm: Rating;

  @ApiProperty({ enum: RATINGS, description: 'Khả năng tiếp cận của đối tượng xâm hại' })
  @IsIn(RATINGS)
  abuser_access: Rating;

  @ApiProperty({ enum: RATINGS, description: 'Trở ngại về an toàn trong môi trường chăm sóc' })
  @IsIn(RATINGS)
  care_setting_obstacles: Rating;

  @ApiProperty({ enum: RATINGS, description: 'Khả năng tự bảo vệ và phục hồi của trẻ' })
  @IsIn(RATINGS)
  child_capacity: Rating;
}

import { EnumField, TextField } from '@cp/platform';
import { RATINGS, type Rating } from '../domain/case.vocabulary';

/** Limits the request bodies of every stage share. */
export const COMMUNE_CODE = /^\d{5}$/;
export const TEXT = 4000;
export const SHORT = 300;

export class EmptyDto {}

export class NoteDto {
  @TextField(TEXT)
  note: string;
}

export class ReasonDto {
  @TextField(TEXT)
  reason: string;
}

/** The risk scores of an assessment (Mẫu 02), also recorded by a review. */
export class RiskScoresDto {
  @EnumField(RATINGS, { description: 'Mức độ tổn hại' })
  severity_of_harm: Rating;

  @EnumField(RATINGS, { description: 'Khả năng tiếp cận của đối tượng xâm hại' })
  abuser_access: Rating;

  @EnumField(RATINGS, { description: 'Trở ngại về an toàn trong môi trường chăm sóc' })
  care_setting_obstacles: Rating;

  @EnumField(RATINGS, { description: 'Khả năng tự bảo vệ và phục hồi của trẻ' })
  child_capacity: Rating;
}

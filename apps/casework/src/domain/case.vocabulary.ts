// The words of the Decree 56 forms as codes. English for the machine, the users' Vietnamese beside it.

/** Risk rating of one criterion: Cao / Trung bình / Thấp. */
export const RATINGS = ['high', 'medium', 'low'] as const;
export type Rating = (typeof RATINGS)[number];

/**
 * The four criteria of the risk scale (Mẫu 02, 03, 06): mức độ tổn hại; khả năng tiếp cận của đối tượng
 * xâm hại; trở ngại về an toàn trong môi trường chăm sóc; khả năng tự bảo vệ và phục hồi của trẻ.
 */
export const RISK_CRITERIA = [
  'severity_of_harm',
  'abuser_access',
  'care_setting_obstacles',
  'child_capacity',
] as const;
export type RiskCriterion = (typeof RISK_CRITERIA)[number];
export type RiskScores = Record<RiskCriterion, Rating>;

/** Outcome of the initial assessment: the protection level decided, or no protection need. */
export const ASSESSMENT_OUTCOMES = ['support', 'intervention', 'no_protection_need'] as const;
export type AssessmentOutcome = (typeof ASSESSMENT_OUTCOMES)[number];

/** Emergency measures (can thiệp khẩn cấp). */
export const EMERGENCY_MEASURES = [
  'removal_from_danger', // đưa trẻ ra khỏi môi trường nguy hiểm
  'medical_care', // chăm sóc y tế
  'safe_shelter', // nơi tạm trú an toàn
  'police_protection', // bảo vệ của công an
  'psychological_first_aid', // hỗ trợ tâm lý ban đầu
  'basic_needs', // đáp ứng nhu cầu thiết yếu
  'other',
] as const;
export type EmergencyMeasure = (typeof EMERGENCY_MEASURES)[number];

export const MEASURE_BODIES = [
  'commune',
  'police',
  'health',
  'social_protection_facility',
  'hotline_111',
  'school',
  'other',
] as const;
export type MeasureBody = (typeof MEASURE_BODIES)[number];

/** Where a temporarily separated child is cared for (Mẫu 07). */
export const PLACEMENTS = [
  'relative', // người thân thích
  'alternative_care_family', // gia đình nhận chăm sóc thay thế
  'social_protection_facility', // cơ sở trợ giúp xã hội
  'safe_shelter', // nơi tạm trú an toàn
  'other',
] as const;
export type Placement = (typeof PLACEMENTS)[number];

/** Needs identified in the detailed assessment (Mẫu 03). */
export const NEEDS = [
  'safety',
  'health',
  'psychological',
  'education',
  'legal',
  'family_support',
  'livelihood',
  'alternative_care',
  'other',
] as const;
export type Need = (typeof NEEDS)[number];

/** Support measures (Law on Children Art. 49). */
export const SUPPORT_MEASURES = [
  'carer_skills', // cung cấp kiến thức, kỹ năng cho cha mẹ, người chăm sóc
  'counselling', // tư vấn, tham vấn
  'family_support', // hỗ trợ gia đình
  'social_assistance', // trợ giúp xã hội
  'education_support', // hỗ trợ giáo dục, học nghề
  'health_care', // chăm sóc sức khoẻ
  'legal_aid', // trợ giúp pháp lý
  'other_support',
] as const;

/** Intervention measures (Law on Children Art. 50); an intervention plan may also use support measures. */
export const INTERVENTION_MEASURES = [
  'medical_care', // chăm sóc y tế, trị liệu
  'psychological_recovery', // trị liệu tâm lý, phục hồi
  'safe_placement', // bố trí nơi tạm trú an toàn
  'alternative_care', // chăm sóc thay thế
  'family_reunification', // đoàn tụ gia đình, hoà nhập
  'carer_supervision', // giám sát người chăm sóc
  'parental_rights_restriction_request', // đề nghị toà án hạn chế quyền của cha mẹ (Art. 52.3)
  'legal_aid',
  'education_support',
  'other_intervention',
] as const;
export type PlanMeasure = (typeof SUPPORT_MEASURES)[number] | (typeof INTERVENTION_MEASURES)[number];
export const PLAN_MEASURES = [...new Set<PlanMeasure>([...SUPPORT_MEASURES, ...INTERVENTION_MEASURES])];

/** Who took part in the needs meeting (biên bản họp xác định nhu cầu). */
export const MEETING_ROLES = [
  'commune_chair',
  'commune_worker',
  'residential_area_representative', // đại diện khu dân cư
  'parent',
  'caregiver',
  'child',
  'service_provider',
  'police',
  'teacher',
  'other',
] as const;
export type MeetingRole = (typeof MEETING_ROLES)[number];

export const REVIEW_OUTCOMES = ['continue', 'revise', 'end'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

/** Art. 30: stable physically, psychologically, cognitively and emotionally. */
export const STABILITY_ASPECTS = ['physical', 'psychological', 'cognitive', 'emotional'] as const;
export type StabilityAspect = (typeof STABILITY_ASPECTS)[number];

export const CRIMINAL_OUTCOMES = [
  'not_a_crime', // không khởi tố
  'investigation_opened', // khởi tố vụ án
  'prosecuted', // truy tố
  'convicted', // kết án
  'acquitted',
  'administrative_penalty', // xử phạt hành chính
  'other',
] as const;
export type CriminalOutcome = (typeof CRIMINAL_OUTCOMES)[number];

// Enumerations shared by the services and their integration events (README and docs/hotline-intake.md).
// English codes for the machine; the Vietnamese term is the users' word and appears in the UI.

/** Roles (the README's role table). */
export const ROLES = [
  'hotline_counsellor', // Nhân viên tư vấn, Tổng đài 111
  'hotline_supervisor', // Giám sát Tổng đài
  'commune_worker', // Người làm công tác bảo vệ trẻ em cấp xã
  'commune_chair', // Chủ tịch UBND cấp xã
  'provincial_officer', // Cán bộ Sở Y tế
  'inspector', // Thanh tra / kiểm tra
  'admin', // Quản trị
] as const;
export type Role = (typeof ROLES)[number];

/** Sex of a child: nam / nữ / không rõ. */
export const SEXES = ['male', 'female', 'unknown'] as const;
export type Sex = (typeof SEXES)[number];

/** Contact channels (kênh tiếp nhận). */
export const CHANNELS = [
  'phone_111',
  'zalo',
  'app',
  'web',
  'in_person',
  'letter',
  'press',
  'via_another_person',
] as const;
export type Channel = (typeof CHANNELS)[number];

/** Purpose of a hotline contact: tư vấn, cung cấp thông tin, thông báo/tố giác, khác. */
export const CONTACT_PURPOSES = ['counselling', 'information', 'report', 'other'] as const;
export type ContactPurpose = (typeof CONTACT_PURPOSES)[number];

/** Forms of abuse (Law Art. 4.5), the concerns that make a child "abused" for indicator 0101. */
export const ABUSE_FORMS = [
  'violence',
  'exploitation',
  'sexual_abuse',
  'trafficking',
  'abandonment',
  'neglect',
  'other_harm',
] as const;

/**
 * Concerns: forms of abuse (Law on Children Art. 4.5) plus the hotline's own issue types.
 * bạo lực, bóc lột, xâm hại tình dục, mua bán, bỏ rơi, bỏ mặc, sao nhãng, tranh chấp nuôi dưỡng,
 * vi phạm quyền trẻ em, tai nạn thương tích, đuối nước, tảo hôn, khác. The last three are harms the
 * hotline hears of that are not forms of abuse (Law Art. 4.5): they never count a child as abused.
 */
export const CONCERNS = [
  ...ABUSE_FORMS,
  'inattention',
  'custody_dispute',
  'rights_violation',
  'injury_accident',
  'drowning',
  'child_marriage',
  'other',
] as const;
export type Concern = (typeof CONCERNS)[number];

/** Protection levels (Law Art. 47–50): phòng ngừa, hỗ trợ, can thiệp. */
export const PROTECTION_LEVELS = ['prevention', 'support', 'intervention'] as const;
export type ProtectionLevel = (typeof PROTECTION_LEVELS)[number];

/** Where a case stands in the Decree 56 procedure. */
export const CASE_STATUSES = [
  'received', // tiếp nhận — no worker assigned yet
  'assessing', // đánh giá nguy cơ ban đầu (Mẫu 02)
  'planning', // đánh giá cụ thể, họp xác định nhu cầu, xây dựng kế hoạch (Mẫu 03, 04)
  'awaiting_approval', // chờ phê duyệt kế hoạch (Mẫu 05)
  'implementing', // thực hiện kế hoạch, rà soát (Mẫu 06)
  'closed', // đóng hồ sơ
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Why a case was closed (docs/casework-procedure.md). */
export const CLOSURE_REASONS = [
  'plan_ended', // kết thúc kế hoạch (Art. 30) — only through ending the plan
  'not_verified', // thông tin không được xác thực
  'no_protection_need', // không có nhu cầu bảo vệ
  'duplicate_merged', // trùng với hồ sơ khác, đã gộp
  'child_turned_16', // trẻ đủ 16 tuổi
  'deceased', // trẻ đã mất
  'transferred_out', // chuyển ra ngoài hệ thống (nước ngoài, cơ quan khác)
] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];

/** The deadlines a case can carry (docs/casework-procedure.md); each records the policy version that produced it. */
export const DEADLINE_KINDS = [
  'initial_assessment',
  'emergency_measures',
  'detailed_assessment',
  'plan_draft',
  'plan_approval',
  'separation_end',
  'review',
  'plan_item',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/** Child category on Mẫu 01 (docs/hotline-intake.md). */
export const CHILD_CATEGORIES = [
  'abused', // trẻ em bị xâm hại
  'at_risk_violence', // có nguy cơ bị bạo lực
  'at_risk_exploitation', // có nguy cơ bị bóc lột
  'at_risk_abandonment', // có nguy cơ bị bỏ rơi
  'special_circumstances', // có hoàn cảnh đặc biệt
] as const;
export type ChildCategory = (typeof CHILD_CATEGORIES)[number];

/**
 * Where the abuse or risk happened (môi trường xảy ra): the setting disaggregation of Circular
 * 13/2021 indicator 0101. Recorded on the report when known.
 */
export const ABUSE_SETTINGS = [
  'family', // gia đình
  'school', // trường học
  'community', // cộng đồng, nơi công cộng
  'online', // môi trường mạng
  'workplace', // nơi làm việc, cơ sở sản xuất
  'care_facility', // cơ sở trợ giúp xã hội, cơ sở nuôi dưỡng
  'other', // khác
  'unknown', // chưa rõ
] as const;
export type AbuseSetting = (typeof ABUSE_SETTINGS)[number];

/** The 14 groups of children in special circumstances (Law on Children Art. 10). */
export const SPECIAL_CIRCUMSTANCES = [
  'orphaned', // mồ côi cả cha và mẹ
  'abandoned', // bị bỏ rơi
  'without_carer', // không nơi nương tựa
  'disabled', // khuyết tật
  'hiv_aids', // nhiễm HIV/AIDS
  'in_conflict_with_law', // vi phạm pháp luật
  'drug_addicted', // nghiện ma túy
  'dropped_out_to_work', // phải bỏ học kiếm sống
  'seriously_harmed_by_violence', // bị tổn hại nghiêm trọng về thể chất và tinh thần do bị bạo lực
  'exploited', // bị bóc lột
  'sexually_abused', // bị xâm hại tình dục
  'trafficked', // bị mua bán
  'serious_illness_poor_household', // mắc bệnh hiểm nghèo, hộ nghèo/cận nghèo
  'migrant_without_carer', // di cư, lánh nạn chưa xác định cha mẹ
] as const;
export type SpecialCircumstance = (typeof SPECIAL_CIRCUMSTANCES)[number];

/** Sexual abuse subtypes (Law on Children Art. 4.8; docs/hotline-intake.md): hiếp dâm, cưỡng dâm, giao cấu, dâm ô, mại dâm/khiêu dâm. */
export const SEXUAL_ABUSE_SUBTYPES = [
  'rape',
  'coerced_sex',
  'sexual_intercourse',
  'molestation',
  'prostitution_pornography',
] as const;
export type SexualAbuseSubtype = (typeof SEXUAL_ABUSE_SUBTYPES)[number];

/** Who a parent or carer named on Mẫu 01 is to the child (cha, mẹ, cha/mẹ kế, ông bà, họ hàng, người giám hộ, khác). */
export const CARER_RELATIONS = [
  'father',
  'mother',
  'step_parent',
  'grandparent',
  'relative',
  'guardian',
  'other',
] as const;
export type CarerRelation = (typeof CARER_RELATIONS)[number];

/** Who the person said to harm the child is to the child (đối tượng bị nghi xâm hại). */
export const ABUSER_RELATIONS = [
  'father',
  'mother',
  'step_parent',
  'caregiver',
  'relative',
  'teacher',
  'neighbour',
  'acquaintance',
  'stranger',
  'online_contact',
  'other',
  'unknown',
] as const;
export type AbuserRelation = (typeof ABUSER_RELATIONS)[number];

/**
 * Who a report is passed on to (Decree 56 Art. 26.1 and the amended procedure's receivers): the commune of
 * the incident (which opens the case), the provincial health department (Sở Y tế), or the police.
 */
export const REFERRAL_RECIPIENTS = ['commune', 'health_department', 'police'] as const;
export type ReferralRecipient = (typeof REFERRAL_RECIPIENTS)[number];

/**
 * The bodies that receive reports and record Mẫu 01 (Decree 56 Art. 25.1; the amended procedure's
 * receivers): the hotline, the provincial health department (Sở Y tế), the commune of the incident. The
 * police record reports too (later).
 */
export const REPORT_RECEIVERS = ['hotline', 'health_department', 'commune'] as const;
export type ReportReceiver = (typeof REPORT_RECEIVERS)[number];

/** Who contacts the hotline (người gọi). */
export const CALLER_TYPES = [
  'child',
  'parent',
  'caregiver',
  'relative',
  'neighbour',
  'teacher',
  'official',
  'other',
] as const;
export type CallerType = (typeof CALLER_TYPES)[number];

/** How a counselling, information or other contact ended (prevention-level work, no case). */
export const CONTACT_OUTCOMES = [
  'counselled', // đã tư vấn
  'information_given', // đã cung cấp thông tin
  'referred_to_service', // giới thiệu dịch vụ
  'no_action_needed', // không cần can thiệp
  'not_child_protection', // không thuộc phạm vi bảo vệ trẻ em
  'call_dropped', // cuộc gọi bị ngắt
  'other',
] as const;
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];

import type { CaseEventType, ContactEventType } from '@cp/contracts';

/** A step of the procedure in the users' words: English, and the Vietnamese term of Decree 56 where known. */
export interface StepName {
  en: string;
  vi: string | null;
}

/**
 * Event type → step name, for every event type of casework's and intake's lists in libs/contracts: a new
 * event does not compile until it is named here. A type outside both lists (a newer producer) is shown by its
 * type.
 */
export const STEP_NAMES: Readonly<Record<CaseEventType | ContactEventType, StepName>> = {
  // casework (Decree 56/2017 Ch. III)
  CaseOpened: { en: 'Report received, case opened', vi: 'Tiếp nhận thông tin, thông báo; mở hồ sơ' },
  CaseWorkerAssigned: {
    en: 'Child-protection worker assigned',
    vi: 'Phân công người làm công tác bảo vệ trẻ em',
  },
  ResidenceCommuneRecorded: { en: 'Residence commune recorded', vi: 'Xác định nơi cư trú của trẻ em' },
  InitialAssessmentRecorded: {
    en: 'Initial assessment of risk (Mẫu 02)',
    vi: 'Đánh giá ban đầu về nguy cơ, mức độ tổn hại',
  },
  EmergencyMeasuresTaken: { en: 'Emergency measures taken', vi: 'Áp dụng biện pháp can thiệp khẩn cấp' },
  TemporarySeparationDecided: {
    en: 'Temporary separation decided (Mẫu 07)',
    vi: 'Quyết định tạm thời cách ly trẻ em khỏi môi trường hoặc người gây tổn hại',
  },
  TemporarySeparationExtended: { en: 'Temporary separation extended', vi: 'Gia hạn tạm thời cách ly trẻ em' },
  TemporarySeparationRevoked: {
    en: 'Temporary separation revoked',
    vi: 'Hủy bỏ quyết định tạm thời cách ly trẻ em',
  },
  DetailedAssessmentRecorded: {
    en: 'Detailed assessment of risk and needs (Mẫu 03)',
    vi: 'Đánh giá cụ thể nguy cơ, nhu cầu của trẻ em',
  },
  NeedsMeetingHeld: { en: 'Needs meeting held', vi: 'Họp xác định nhu cầu hỗ trợ, can thiệp' },
  PlanDrafted: {
    en: 'Support/intervention plan drafted (Mẫu 04)',
    vi: 'Xây dựng kế hoạch hỗ trợ, can thiệp',
  },
  PlanSubmitted: { en: 'Plan submitted for approval', vi: 'Trình phê duyệt kế hoạch hỗ trợ, can thiệp' },
  PlanApproved: { en: 'Plan approved (Mẫu 05)', vi: 'Phê duyệt kế hoạch hỗ trợ, can thiệp' },
  PlanReturned: { en: 'Plan returned with reasons', vi: 'Trả lại kế hoạch để hoàn thiện' },
  ServiceDelivered: { en: 'Service delivered under the plan', vi: 'Thực hiện kế hoạch hỗ trợ, can thiệp' },
  ReviewRecorded: {
    en: 'Review of progress (Mẫu 06)',
    vi: 'Theo dõi, đánh giá sự tiến bộ của trẻ em',
  },
  PlanEnded: { en: 'Plan ended', vi: 'Kết thúc kế hoạch hỗ trợ, can thiệp' },
  CaseClosed: { en: 'Case closed', vi: 'Đóng hồ sơ' },
  CaseReopened: { en: 'Case reopened', vi: 'Mở lại hồ sơ' },
  ProtectionLevelChanged: { en: 'Protection level changed', vi: 'Thay đổi cấp độ bảo vệ' },
  PoliceNotified: { en: 'Police notified', vi: 'Thông báo cơ quan công an' },
  CriminalOutcomeRecorded: { en: 'Outcome of the criminal track', vi: 'Kết quả xử lý của cơ quan tố tụng' },
  CaseTransferRequested: { en: 'Transfer to another commune requested', vi: 'Chuyển hồ sơ' },
  CaseTransferAccepted: { en: 'Transfer accepted', vi: 'Tiếp nhận hồ sơ chuyển đến' },
  CaseTransferDeclined: { en: 'Transfer declined', vi: 'Từ chối tiếp nhận hồ sơ' },
  ReportAdded: { en: 'Repeat report added to the case', vi: 'Bổ sung thông tin, thông báo mới' },
  DeadlineMissed: { en: 'Deadline missed', vi: 'Quá thời hạn' },
  // erasure governance (Personal Data Protection Law 91/2025 Art. 14)
  ErasureRequested: {
    en: 'Erasure of personal data requested (awaiting the province)',
    vi: 'Đề nghị xóa dữ liệu cá nhân (chờ cấp tỉnh phê duyệt)',
  },
  ErasureRejected: { en: 'Erasure request rejected', vi: 'Từ chối đề nghị xóa dữ liệu cá nhân' },
  LegalHoldPlaced: {
    en: 'Legal hold placed (no erasure)',
    vi: 'Tạm giữ hồ sơ theo yêu cầu pháp lý (không được xóa)',
  },
  LegalHoldReleased: { en: 'Legal hold released', vi: 'Chấm dứt tạm giữ hồ sơ' },
  // either service (Personal Data Protection Law 91/2025)
  PersonalDataErased: {
    en: 'Personal data erased (keys destroyed)',
    vi: 'Xóa dữ liệu cá nhân',
  },
  // intake (Hotline 111)
  ReportReferred: { en: 'Report referred to the commune', vi: 'Chuyển thông tin đến UBND cấp xã' },
  ReportLinkedToCase: { en: 'Repeat report linked to the open case', vi: 'Bổ sung thông báo vào hồ sơ' },
  ContactClosed: { en: 'Hotline contact closed', vi: 'Kết thúc cuộc gọi, tư vấn' },
  ContactRecorded: { en: 'Hotline contact recorded', vi: 'Tiếp nhận cuộc gọi đến Tổng đài 111' },
  CaseLinked: { en: "Contact linked to the commune's case", vi: 'Liên kết với hồ sơ của cấp xã' },
  CaseStatusUpdated: {
    en: 'Case status passed to the hotline',
    vi: 'Cập nhật tình trạng hồ sơ cho Tổng đài',
  },
  CaseRecordUpdated: { en: "The case's record for the hotline updated", vi: 'Cập nhật thông tin hồ sơ' },
  FollowUpAlertRaised: {
    en: 'Follow-up alert: the commune has not taken the report up in time',
    vi: 'Cảnh báo: cấp xã chưa tiếp nhận xử lý đúng hạn',
  },
  ForwardingAlertRaised: {
    en: 'Forwarding alert: the report was not passed on in time',
    vi: 'Cảnh báo: thông tin chưa được chuyển đúng hạn',
  },
};

export function stepName(type: string): StepName {
  return Object.hasOwn(STEP_NAMES, type)
    ? STEP_NAMES[type as keyof typeof STEP_NAMES]
    : { en: type, vi: null };
}

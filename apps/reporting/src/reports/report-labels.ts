import type { Dimension } from '../statistics/indicators';

/** The forms of harm that both a case's form of abuse and a hotline contact's issue name, in this order. */
const HARM = {
  violence: 'Bạo lực',
  exploitation: 'Bóc lột',
  sexual_abuse: 'Xâm hại tình dục',
  trafficking: 'Mua bán',
  abandonment: 'Bỏ rơi',
  neglect: 'Bỏ mặc',
};

/** Vietnamese words for the codes the figures are broken down by. */
export const LABELS: Record<string, Record<string, string>> = {
  sex: { male: 'Nam', female: 'Nữ', unknown: 'Không rõ' },
  age_group: {
    '0-2': 'Dưới 3 tuổi',
    '3-5': 'Từ 3 đến dưới 6 tuổi',
    '6-10': 'Từ 6 đến dưới 11 tuổi',
    '11-15': 'Từ 11 đến dưới 16 tuổi',
    '16-17': 'Từ 16 đến dưới 18 tuổi',
    unknown: 'Không rõ tuổi',
  },
  setting: {
    family: 'Gia đình',
    school: 'Trường học',
    community: 'Cộng đồng, nơi công cộng',
    online: 'Môi trường mạng',
    workplace: 'Nơi làm việc',
    care_facility: 'Cơ sở trợ giúp, nuôi dưỡng',
    other: 'Khác',
    unknown: 'Chưa rõ',
  },
  form: {
    ...HARM,
    other_harm: 'Hình thức gây tổn hại khác',
    unknown: 'Không rõ',
  },
  level: { prevention: 'Phòng ngừa', support: 'Hỗ trợ', intervention: 'Can thiệp', unknown: 'Chưa xác định' },
  purpose: {
    counselling: 'Tư vấn',
    information: 'Cung cấp thông tin',
    report: 'Thông báo, tố giác',
    other: 'Khác',
  },
  channel: {
    phone_111: 'Điện thoại 111',
    zalo: 'Zalo',
    app: 'Ứng dụng',
    web: 'Trang web, fanpage',
    in_person: 'Trực tiếp',
    letter: 'Thư, công văn',
    press: 'Báo chí, mạng',
    via_another_person: 'Người khác báo tin',
  },
  deadline_kind: {
    initial_assessment: 'Đánh giá ban đầu (12 giờ)',
    emergency_measures: 'Biện pháp khẩn cấp (12 giờ)',
    detailed_assessment: 'Đánh giá chi tiết',
    plan_draft: 'Xây dựng kế hoạch (5 ngày làm việc)',
    plan_approval: 'Phê duyệt kế hoạch',
    separation_end: 'Kết thúc tạm thời cách ly',
    review: 'Đánh giá định kỳ (30 ngày)',
    plan_item: 'Hoạt động trong kế hoạch',
  },
  issue: {
    ...HARM,
    other_harm: 'Tổn hại khác',
    inattention: 'Sao nhãng',
    custody_dispute: 'Tranh chấp nuôi dưỡng',
    rights_violation: 'Vi phạm quyền trẻ em',
    injury_accident: 'Tai nạn, thương tích',
    drowning: 'Đuối nước',
    child_marriage: 'Tảo hôn',
    other: 'Khác',
  },
};

export const DIMENSION_TITLES: Partial<Record<Dimension, string>> = {
  sex: 'giới tính',
  age_group: 'nhóm tuổi',
  setting: 'môi trường xảy ra',
  form: 'hình thức xâm hại',
  province: 'tỉnh, thành phố',
  commune: 'xã, phường, đặc khu',
  level: 'cấp độ',
  purpose: 'mục đích',
  channel: 'kênh tiếp nhận',
  issue: 'vấn đề',
  deadline_kind: 'loại thời hạn',
  category: 'nhóm trẻ em',
};

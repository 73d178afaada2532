import type { PeriodicReport, ReportColumn } from '../report.model';

/** Columns of one kind, keys and labels in order: `columns('number', { male: 'Nam', female: 'Nữ' })`. */
export const columns = (kind: ReportColumn['kind'], labels: Record<string, string>): ReportColumn[] =>
  Object.entries(labels).map(([key, label]) => ({ key, label, kind }));

/** The forms of abuse the fixture's chart compares, in its order. */
export const FORMS = ['Bạo lực', 'Xâm hại tình dục', 'Bóc lột', 'Sao nhãng, bỏ mặc'];

/**
 * A realistic half-year report of a ward of Ha Noi (unit code and names as in
 * libs/admin-units/data/admin-units-2025-07.json), for the renderers' specs. Figures are invented but
 * consistent: the totals add up, percentages are (this − last) / last.
 */
export function fixtureReport(): PeriodicReport {
  return {
    unit: { code: '00004', name: 'Phường Ba Đình', level: 'commune', parentName: 'Thành phố Hà Nội' },
    period: {
      kind: 'half_year',
      year: 2026,
      from: '2026-01-01',
      to: '2026-06-30',
      label: '6 tháng đầu năm 2026',
    },
    comparisonPeriod: { from: '2025-01-01', to: '2025-06-30', label: '6 tháng đầu năm 2025' },
    asKnownAt: '2026-06-30T10:00:00.000Z',
    generatedAt: '2026-07-01T01:15:00.000Z',
    title: 'Báo cáo kết quả công tác bảo vệ trẻ em 6 tháng đầu năm 2026',
    sections: [
      {
        number: 'I',
        title: 'Tình hình trẻ em và tình hình trẻ em bị xâm hại',
        blocks: [
          {
            kind: 'paragraph',
            text: 'Tổng số trẻ em trên địa bàn phường: 14.382 em (7.418 trẻ em trai, 6.964 trẻ em gái); trẻ em có hoàn cảnh đặc biệt: 96 em; trẻ em có nguy cơ rơi vào hoàn cảnh đặc biệt: 212 em.',
          },
          {
            kind: 'paragraph',
            text: 'Trong kỳ, trên địa bàn phường ghi nhận 9 trẻ em bị xâm hại (cùng kỳ năm 2025: 12 em), trong đó bạo lực 4 em, xâm hại tình dục 3 em.',
          },
          {
            kind: 'table',
            table: {
              id: 'I-xam-hai-hinh-thuc',
              title: 'Trẻ em bị xâm hại theo hình thức',
              columns: [
                ...columns('text', { stt: 'STT', form: 'Hình thức xâm hại' }),
                ...columns('number', { current: '6 tháng đầu năm 2026', previous: '6 tháng đầu năm 2025' }),
                ...columns('percent', { change: 'Tăng (+), giảm (−)' }),
              ],
              rows: [
                { stt: '1', form: 'Bạo lực', current: 4, previous: 6, change: -1 / 3 },
                { stt: '2', form: 'Xâm hại tình dục', current: 3, previous: 4, change: -0.25 },
                { stt: '3', form: 'Bóc lột', current: 1, previous: 1, change: 0 },
                { stt: '4', form: 'Sao nhãng, bỏ mặc', current: 1, previous: 1, change: 0 },
                { stt: '', form: 'Tổng số', current: 9, previous: 12, change: -0.25 },
              ],
              note: 'Một trẻ em chỉ tính một lần, theo hình thức xâm hại chính.',
            },
          },
          {
            kind: 'chart',
            chart: {
              id: 'I-xam-hai-bieu-do',
              title: 'Số trẻ em bị xâm hại theo hình thức, so với cùng kỳ năm trước',
              kind: 'bar',
              categories: [...FORMS],
              series: [
                { name: '6 tháng đầu năm 2026', values: [4, 3, 1, 1] },
                { name: '6 tháng đầu năm 2025', values: [6, 4, 1, 1] },
              ],
            },
          },
        ],
      },
      {
        number: 'II',
        title: 'Kết quả thực hiện',
        blocks: [
          {
            kind: 'subsection',
            section: {
              number: 'II.1',
              title: 'Công tác chỉ đạo, điều hành, truyền thông',
              blocks: [
                {
                  kind: 'narrative',
                  prompt:
                    '(Nêu các văn bản chỉ đạo đã ban hành, các hoạt động truyền thông, tập huấn trong kỳ)',
                },
              ],
            },
          },
          {
            kind: 'subsection',
            section: {
              number: 'II.2',
              title: 'Công tác bảo vệ trẻ em (ở 3 cấp độ: phòng ngừa, hỗ trợ, can thiệp)',
              blocks: [
                {
                  kind: 'paragraph',
                  text: 'Kết quả thực hiện ở từng cấp độ bảo vệ trẻ em trong kỳ như sau:',
                },
                {
                  kind: 'table',
                  table: {
                    id: 'II.2-cap-do',
                    title: 'Kết quả bảo vệ trẻ em theo cấp độ',
                    columns: [
                      ...columns('text', { level: 'Cấp độ', indicator: 'Nội dung' }),
                      ...columns('number', { current: 'Kỳ này', previous: 'Cùng kỳ năm trước' }),
                    ],
                    rows: [
                      {
                        level: 'Phòng ngừa',
                        indicator: 'Lượt tư vấn, cung cấp thông tin qua Tổng đài 111',
                        current: 1254,
                        previous: 1187,
                      },
                      {
                        level: 'Hỗ trợ',
                        indicator: 'Trẻ em có hoàn cảnh đặc biệt được hỗ trợ',
                        current: 87,
                        previous: 79,
                      },
                      {
                        level: 'Can thiệp',
                        indicator: 'Trường hợp được đánh giá nguy cơ ban đầu',
                        current: 11,
                        previous: 14,
                      },
                      {
                        level: 'Can thiệp',
                        indicator: 'Kế hoạch hỗ trợ, can thiệp được phê duyệt',
                        current: 8,
                        previous: 10,
                      },
                      {
                        level: 'Can thiệp',
                        indicator: 'Trường hợp áp dụng biện pháp khẩn cấp',
                        current: 1,
                        previous: null,
                      },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
      {
        number: 'III',
        title: 'Đánh giá, so sánh với cùng kỳ năm trước',
        blocks: [
          {
            kind: 'paragraph',
            text: 'So với 6 tháng đầu năm 2025, số trẻ em bị xâm hại giảm 3 em (giảm 25,0%); số kế hoạch hỗ trợ, can thiệp được phê duyệt giảm 2 kế hoạch.',
          },
          {
            kind: 'narrative',
            prompt: '(Đánh giá chung: kết quả đạt được, tồn tại, hạn chế và nguyên nhân)',
          },
        ],
      },
      {
        number: 'IV',
        title: 'Phương hướng, nhiệm vụ 6 tháng cuối năm 2026',
        blocks: [
          { kind: 'narrative', prompt: '(Nêu các nhiệm vụ, giải pháp trọng tâm và kiến nghị, đề xuất)' },
        ],
      },
    ],
    annexes: [
      {
        id: 'PL01-0101',
        title: 'Số trẻ em bị xâm hại theo giới tính và nhóm tuổi (chỉ tiêu 0101)',
        columns: [
          ...columns('text', { age: 'Nhóm tuổi' }),
          ...columns('number', { male: 'Nam', female: 'Nữ', unknown: 'Không xác định', total: 'Tổng số' }),
        ],
        rows: [
          { age: 'Dưới 6 tuổi', male: 1, female: 1, unknown: 0, total: 2 },
          { age: 'Từ 6 đến dưới 11 tuổi', male: 2, female: 1, unknown: 0, total: 3 },
          { age: 'Từ 11 đến dưới 16 tuổi', male: 1, female: 3, unknown: 0, total: 4 },
          { age: 'Tổng số', male: 4, female: 5, unknown: 0, total: 9 },
        ],
        note: 'Chỉ tiêu 0101 theo Thông tư 13/2021/TT-BLĐTBXH.',
      },
      {
        id: 'PL02-kenh',
        title: 'Thông tin, thông báo, tố giác tiếp nhận theo kênh',
        columns: [
          ...columns('text', { channel: 'Kênh tiếp nhận' }),
          ...columns('number', { reports: 'Số thông tin, thông báo' }),
          ...columns('percent', { share: 'Tỷ lệ' }),
        ],
        rows: [
          { channel: 'Tổng đài 111', reports: 7, share: 0.5 },
          { channel: 'Trực tiếp tại UBND phường', reports: 4, share: 4 / 14 },
          { channel: 'Thư, công văn', reports: 2, share: 1 / 7 },
          { channel: 'Báo chí, mạng xã hội ("tin nóng")', reports: 1, share: 1 / 14 },
          { channel: 'Tổng số', reports: 14, share: 1 },
        ],
      },
    ],
  };
}

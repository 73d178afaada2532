import JSZip from 'jszip';
import type { PeriodicReport } from '../report.model';
import { annexHeading, renderDocx, sectionLabel } from './docx';
import { fixtureReport } from './report.fixture';

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** The text of each paragraph of a WordprocessingML part, in order. */
function paragraphs(xml: string): string[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) => text(p[0]));
}

function text(xml: string): string {
  return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => decode(t[1])).join('');
}

/** Each table as rows of cell texts. */
function tables(xml: string): string[][][] {
  return [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((t) =>
    [...t[0].matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((r) =>
      [...r[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) => text(c[0])),
    ),
  );
}

async function open(report: PeriodicReport) {
  const zip = await JSZip.loadAsync(await renderDocx(report));
  const part = async (name: string) => {
    const file = zip.file(name);
    if (!file) throw new Error(`no part ${name} in the DOCX`);
    return file.async('string');
  };
  return { zip, part, document: await part('word/document.xml') };
}

describe('renderDocx of a ward’s half-year report', () => {
  let doc: Awaited<ReturnType<typeof open>>;
  let paras: string[];

  beforeAll(async () => {
    doc = await open(fixtureReport());
    paras = paragraphs(doc.document);
  });

  it('opens with the issuing body and the national heading side by side', () => {
    const [heading] = tables(doc.document);
    expect(heading[0][0]).toBe('ỦY BAN NHÂN DÂNPHƯỜNG BA ĐÌNH');
    expect(heading[0][1]).toBe('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMĐộc lập - Tự do - Hạnh phúc');
    expect(heading[1]).toEqual(['Số: …/BC-UBND', 'Ba Đình, ngày … tháng … năm 2026']);
    expect(paras.slice(0, 6)).toEqual([
      'ỦY BAN NHÂN DÂN',
      'PHƯỜNG BA ĐÌNH',
      '', // the rule under the issuing body
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      '', // the rule under the motto
    ]);
  });

  it('titles the document BÁO CÁO with the summary under it, centred and bold', () => {
    const i = paras.indexOf('BÁO CÁO');
    expect(i).toBeGreaterThan(0);
    expect(paras[i + 1]).toBe('Kết quả công tác bảo vệ trẻ em 6 tháng đầu năm 2026');
    expect(paras[i + 2]).toBe(''); // the rule under the summary
    const title = doc.document.match(/<w:p>(?:(?!<\/w:p>)[\s\S])*?<w:t[^>]*>BÁO CÁO<\/w:t>/)?.[0] ?? '';
    expect(title).toContain('<w:jc w:val="center"/>');
    expect(title).toContain('<w:b/>');
  });

  it('prints sections I–IV and the subsections in order, numbered level by level', () => {
    const headings = [
      'I. TÌNH HÌNH TRẺ EM VÀ TÌNH HÌNH TRẺ EM BỊ XÂM HẠI',
      'II. KẾT QUẢ THỰC HIỆN',
      '1. Công tác chỉ đạo, điều hành, truyền thông',
      '2. Công tác bảo vệ trẻ em (ở 3 cấp độ: phòng ngừa, hỗ trợ, can thiệp)',
      'III. ĐÁNH GIÁ, SO SÁNH VỚI CÙNG KỲ NĂM TRƯỚC',
      'IV. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2026',
    ];
    const positions = headings.map((h) => paras.indexOf(h));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(paras).toContain(
      'Tổng số trẻ em trên địa bàn phường: 14.382 em (7.418 trẻ em trai, 6.964 trẻ em gái); trẻ em có hoàn cảnh đặc biệt: 96 em; trẻ em có nguy cơ rơi vào hoàn cảnh đặc biệt: 212 em.',
    );
  });

  it('prints the tables with a repeated header row and Vietnamese number formats', () => {
    const all = tables(doc.document);
    const abuse = all.find((t) => t[0][1] === 'Hình thức xâm hại');
    expect(abuse).toEqual([
      ['STT', 'Hình thức xâm hại', '6 tháng đầu năm 2026', '6 tháng đầu năm 2025', 'Tăng (+), giảm (−)'],
      ['1', 'Bạo lực', '4', '6', '-33,3%'],
      ['2', 'Xâm hại tình dục', '3', '4', '-25,0%'],
      ['3', 'Bóc lột', '1', '1', '0,0%'],
      ['4', 'Sao nhãng, bỏ mặc', '1', '1', '0,0%'],
      ['', 'Tổng số', '9', '12', '-25,0%'],
    ]);
    const levels = all.find((t) => t[0][0] === 'Cấp độ');
    expect(levels?.[1]).toEqual([
      'Phòng ngừa',
      'Lượt tư vấn, cung cấp thông tin qua Tổng đài 111',
      '1.254',
      '1.187',
    ]);
    expect(levels?.[5]).toEqual(['Can thiệp', 'Trường hợp áp dụng biện pháp khẩn cấp', '1', '–']);
    expect(paras).toContain('Bảng 2. Kết quả bảo vệ trẻ em theo cấp độ');
    expect(doc.document.match(/<w:tblHeader\/>/g)?.length).toBeGreaterThanOrEqual(4);
  });

  it('leaves an italic dotted line for the officer’s own text', () => {
    const prompt = '(Đánh giá chung: kết quả đạt được, tồn tại, hạn chế và nguyên nhân)';
    const xml = [...doc.document.matchAll(/<w:p>[\s\S]*?<\/w:p>/g)]
      .map((m) => m[0])
      .find((p) => text(p) === prompt);
    expect(xml).toBeDefined();
    expect(xml).toContain('<w:i/>');
    // a right tab stop at the right margin (16.5 cm of text width) with a dot leader, and a tab to it
    expect(xml).toMatch(/<w:tab w:val="right" w:pos="9355" w:leader="dot"\/>/);
    expect(xml).toMatch(/<w:tab\/><\/w:r><\/w:p>$/);
  });

  it('embeds the chart as a PNG picture with its figures in a table under it', async () => {
    const media = Object.keys(doc.zip.files).filter((n) => n.startsWith('word/media/'));
    expect(media).toHaveLength(1);
    expect(media[0]).toMatch(/\.png$/);
    const png = await doc.zip.file(media[0])!.async('nodebuffer');
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 600]);

    const rels = await doc.part('word/_rels/document.xml.rels');
    const rel = new RegExp(`Id="(\\w+)"[^>]*Target="${media[0].replace('word/', '')}"`).exec(rels);
    expect(rel).not.toBeNull();
    expect(doc.document).toContain(`r:embed="${rel![1]}"`);
    // 600 × 300 px at 96 dpi = 5 715 000 × 2 857 500 EMU
    expect(doc.document).toContain('<wp:extent cx="5715000" cy="2857500"/>');
    expect(doc.document).toContain('title="Số trẻ em bị xâm hại theo hình thức, so với cùng kỳ năm trước"');

    const legend = tables(doc.document).find((t) => t[0][1] === 'Nội dung' && t[0][0] === 'Số');
    expect(legend).toEqual([
      ['Số', 'Nội dung', '6 tháng đầu năm 2026', '6 tháng đầu năm 2025'],
      ['1', 'Bạo lực', '4', '6'],
      ['2', 'Xâm hại tình dục', '3', '4'],
      ['3', 'Bóc lột', '1', '1'],
      ['4', 'Sao nhãng, bỏ mặc', '1', '1'],
    ]);
    expect(doc.document).toContain('w:fill="1F4E79"'); // the legend cell in the first series' bar colour
  });

  it('closes with the as-known-at note and the signature block', () => {
    const note = paras.find((p) => p.startsWith('Số liệu trong báo cáo'));
    expect(note).toContain('đến 17 giờ 00 ngày 30/06/2026 (giờ Việt Nam)');
    expect(note).toContain('tạo lúc 08 giờ 15 ngày 01/07/2026');
    const signature = tables(doc.document).find((t) => t[0][0].startsWith('Nơi nhận:'));
    expect(signature?.[0]).toEqual([
      'Nơi nhận:- UBND Thành phố Hà Nội;- Sở Y tế Thành phố Hà Nội;- Lưu: VT.',
      'TM. ỦY BAN NHÂN DÂNCHỦ TỊCH',
    ]);
    expect(paras.indexOf('Nơi nhận:')).toBeGreaterThan(paras.indexOf(note!));
  });

  it('appends each data annex on a new page after the signature', () => {
    const i = paras.indexOf('Phụ lục 1');
    expect(i).toBeGreaterThan(paras.indexOf('CHỦ TỊCH'));
    expect(paras[i + 1]).toBe('SỐ TRẺ EM BỊ XÂM HẠI THEO GIỚI TÍNH VÀ NHÓM TUỔI (CHỈ TIÊU 0101)');
    expect(paras[i + 2]).toBe(
      '(Kèm theo Báo cáo số …/BC-UBND ngày … tháng … năm 2026 của Ủy ban nhân dân Phường Ba Đình)',
    );
    expect(paras).toContain('Phụ lục 2');
    expect(doc.document.match(/<w:pageBreakBefore\/>/g)).toHaveLength(2);
    const annex = tables(doc.document).find((t) => t[0][0] === 'Nhóm tuổi');
    expect(annex?.[4]).toEqual(['Tổng số', '4', '5', '0', '9']);
  });

  it('is an A4 page with Decree 30 margins, Times New Roman 14 pt and page numbers from page 2', async () => {
    const sect = doc.document.match(/<w:sectPr[\s\S]*?<\/w:sectPr>/)?.[0] ?? '';
    expect(sect).toMatch(/<w:pgSz [^>]*w:w="11906"[^>]*w:h="16838"/);
    const margin = sect.match(/<w:pgMar [^>]*\/>/)?.[0] ?? '';
    const attr = (n: string) => Number(new RegExp(`w:${n}="(\\d+)"`).exec(margin)?.[1]);
    const mm = (twips: number) => Math.round((twips * 25.4) / 1440);
    expect([mm(attr('top')), mm(attr('bottom')), mm(attr('left')), mm(attr('right'))]).toEqual([
      20, 20, 30, 15,
    ]);
    expect(sect).toContain('<w:titlePg/>');

    const styles = await doc.part('word/styles.xml');
    const defaults = styles.match(/<w:docDefaults>[\s\S]*?<\/w:docDefaults>/)?.[0] ?? '';
    expect(defaults).toContain('w:ascii="Times New Roman"');
    expect(defaults).toContain('<w:sz w:val="28"/>');
    expect(defaults).toContain('w:val="vi-VN"');

    const headers = await Promise.all(
      Object.keys(doc.zip.files)
        .filter((n) => /^word\/header\d+\.xml$/.test(n))
        .map((n) => doc.part(n)),
    );
    expect(headers.filter((h) => /PAGE/.test(h))).toHaveLength(1);
  });
});

describe('renderDocx heading variants', () => {
  it('fills in the number, the date of signature and the signer when the office gives them', async () => {
    const report = {
      ...fixtureReport(),
      issuer: { documentNumber: '125/BC-UBND', signedOn: '2026-07-05', signerName: 'Nguyễn Văn An' },
    };
    const { document } = await open(report);
    const paras = paragraphs(document);
    expect(paras).toContain('Số: 125/BC-UBND');
    // Decree 30: a leading zero for days below 10 and for January and February only.
    expect(paras).toContain('Ba Đình, ngày 05 tháng 7 năm 2026');
    expect(paras).toContain('Nguyễn Văn An');
    expect(paras).toContain(
      '(Kèm theo Báo cáo số 125/BC-UBND ngày 05 tháng 7 năm 2026 của Ủy ban nhân dân Phường Ba Đình)',
    );
  });

  it('names the province’s committee for a provincial report', async () => {
    const base = fixtureReport();
    const report: PeriodicReport = {
      ...base,
      unit: { code: '01', name: 'Thành phố Hà Nội', level: 'province', parentName: null },
      issuer: { signedOn: '2026-02-03' },
    };
    const paras = paragraphs((await open(report)).document);
    expect(paras.slice(0, 2)).toEqual(['ỦY BAN NHÂN DÂN', 'THÀNH PHỐ HÀ NỘI']);
    expect(paras).toContain('Hà Nội, ngày 03 tháng 02 năm 2026');
    expect(paras).toContain('- Bộ Y tế;');
  });

  it('says so when a table has no rows', async () => {
    const report = fixtureReport();
    report.annexes = [{ ...report.annexes[0], rows: [] }];
    const annex = tables((await open(report)).document).find((t) => t[0][0] === 'Nhóm tuổi');
    expect(annex).toEqual([['Nhóm tuổi', 'Nam', 'Nữ', 'Không xác định', 'Tổng số'], ['(Không có số liệu)']]);
  });

  it('does not number an annex twice when its title already says which it is', () => {
    expect(annexHeading('Phụ lục 1. Các chỉ tiêu thống kê', 0)).toEqual({
      label: 'Phụ lục 1',
      title: 'Các chỉ tiêu thống kê',
    });
    expect(annexHeading('PHỤ LỤC II: Số liệu theo giới tính', 1)).toEqual({
      label: 'PHỤ LỤC II',
      title: 'Số liệu theo giới tính',
    });
    expect(annexHeading('Số liệu theo giới tính', 2)).toEqual({
      label: 'Phụ lục 3',
      title: 'Số liệu theo giới tính',
    });
  });

  it('numbers subsection headings by their own level', () => {
    expect(sectionLabel('III', 0)).toBe('III.');
    expect(sectionLabel('II.2', 1)).toBe('2.');
    expect(sectionLabel('II.2.a', 2)).toBe('a)');
    expect(sectionLabel('II.2.3', 2)).toBe('3.');
  });
});

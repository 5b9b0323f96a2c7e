import pdfmake from 'pdfmake';
import type { TDocumentDefinitions, TFontDictionary } from 'pdfmake/interfaces';
import { translate, type StarLevel } from '@lingyan/shared';

/** The one font the certificate reads (Debian's fonts-wqy-microhei): Chinese glyphs, embedded as a subset. */
export const CERTIFICATE_FONT_FILE = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';
const FONT_NAME = 'WenQuanYiMicroHei';
export const ISSUING_BODY = '中共沙湾市委组织部';

export type CertificateData = {
  communityName: string;
  townshipName: string;
  year: number;
  stars: { name: string; since: string }[];
  count: number;
  level: StarLevel;
  /** China date (YYYY-MM-DD) of issue. */
  issuedOn: string;
};

const chineseDate = (d: string) => `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

/** The plaque (星级证书) of a community: its stars, count and level, as an A4 landscape PDF. */
export async function certificatePdf(data: CertificateData): Promise<Buffer> {
  const level = translate('zh-CN', `web.stars.level.${data.level}`);
  const starLines = data.stars.length
    ? data.stars.map((s) => ({ text: `★ ${s.name}（${chineseDate(s.since)}起）`, margin: [0, 2, 0, 2] as [number, number, number, number] }))
    : [{ text: '暂未获星', color: '#888888' }];
  const doc: TDocumentDefinitions = {
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: [60, 50, 60, 50],
    info: { title: `${data.communityName}星级证书`, author: ISSUING_BODY },
    defaultStyle: { font: FONT_NAME, fontSize: 14 },
    background: () => ({
      canvas: [{ type: 'rect', x: 24, y: 24, w: 794, h: 547, lineWidth: 3, lineColor: '#b71c1c' }],
    }),
    content: [
      { text: '星级化创建证书', fontSize: 32, bold: true, color: '#b71c1c', alignment: 'center', margin: [0, 10, 0, 24] },
      { text: `${data.townshipName}  ${data.communityName}`, fontSize: 22, alignment: 'center', margin: [0, 0, 0, 8] },
      {
        text: `在${data.year}年度星级化创建中获评 ${data.count} 星，等级：${level}`,
        fontSize: 18,
        alignment: 'center',
        margin: [0, 0, 0, 18],
      },
      {
        columns: [
          { width: '*', text: '' },
          { width: 'auto', stack: starLines },
          { width: '*', text: '' },
        ],
      },
      { text: ISSUING_BODY, alignment: 'right', fontSize: 16, margin: [0, 28, 20, 4] },
      { text: chineseDate(data.issuedOn), alignment: 'right', fontSize: 14, margin: [0, 0, 20, 0] },
    ],
  };
  // pdfmake is one shared object: set its fonts and access rules right before each document.
  const fonts = { [FONT_NAME]: { normal: [CERTIFICATE_FONT_FILE, FONT_NAME], bold: [CERTIFICATE_FONT_FILE, FONT_NAME] } } as unknown as TFontDictionary;
  pdfmake.setFonts(fonts);
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((p) => p === CERTIFICATE_FONT_FILE);
  return pdfmake.createPdf(doc).getBuffer();
}

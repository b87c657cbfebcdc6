import { formatDigitableLine, parsePixBrCode } from '@lib/brazil';
import type { Charge } from '@lib/providers';
import type BwipJs from 'bwip-js';
import type PDFKitDocument from 'pdfkit';

/** The drawing libraries of the documents: pdfkit (PDF) and bwip-js (barcodes and QR codes). */
export interface DocumentLibraries {
  PDFDocument: typeof PDFKitDocument;
  bwipjs: typeof BwipJs;
}

let libraries: Promise<DocumentLibraries> | undefined;

/**
 * Loads pdfkit and bwip-js on the first document, not at boot (README "Performance"): about 9 MB of heap that a
 * gateway serving reads and creates never uses, for a one-off ~200 ms on the first document. A failed load is retried.
 */
export function documentLibraries(): Promise<DocumentLibraries> {
  libraries ??= Promise.all([import('pdfkit'), import('bwip-js')]).then(
    ([pdfkit, bwip]) => ({ PDFDocument: pdfkit.default, bwipjs: bwip.default }),
    (err: unknown) => {
      libraries = undefined;
      throw err;
    },
  );
  return libraries;
}

/** What the page names as the beneficiary when the charge itself does not (a boleto without a Pix BR Code). */
export interface BoletoPdfContext {
  /** The bank's display name ("Sandbox", "Banco Inter"...). */
  bankName: string;
  /** Who receives the money, when known (else the BR Code's merchant name, else the tenant). */
  beneficiary: string;
}

/** One `<path>` of a bwip-js SVG: its data and how it is painted. */
interface SvgPath {
  d: string;
  stroke?: string;
  strokeWidth?: number;
  fill?: string;
}

/** The viewBox size and the paths of an SVG that bwip-js drew (bars as stroked lines, QR modules as filled shapes). */
function svgPaths(svg: string): { width: number; height: number; paths: SvgPath[] } {
  const box = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg);
  if (!box) throw new Error('bwip-js SVG without a viewBox');
  const paths: SvgPath[] = [];
  for (const m of svg.matchAll(/<path([^>]*)\/>/g)) {
    const attr = (name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(m[1])?.[1];
    const d = attr('d');
    if (!d) continue;
    const strokeWidth = attr('stroke-width');
    paths.push({
      d,
      stroke: attr('stroke'),
      strokeWidth: strokeWidth ? Number(strokeWidth) : undefined,
      fill: attr('fill'),
    });
  }
  return { width: Number(box[1]), height: Number(box[2]), paths };
}

/**
 * Paints a bwip-js symbol as vector paths into the box (x, y, width, height), stretched to fill it. Filled shapes use
 * the even-odd rule: bwip-js draws a QR module ring as an outline and its hole with the same winding.
 */
export function drawSymbol(
  doc: PDFKit.PDFDocument,
  svg: string,
  x: number,
  y: number,
  width: number,
  height: number,
): void {
  const symbol = svgPaths(svg);
  doc.save();
  doc.translate(x, y).scale(width / symbol.width, height / symbol.height);
  for (const p of symbol.paths) {
    doc.path(p.d);
    if (p.stroke)
      doc
        .lineWidth(p.strokeWidth ?? 1)
        .lineCap('butt')
        .stroke(p.stroke);
    else doc.fill(p.fill ?? '#000000', 'even-odd');
  }
  doc.restore();
}

const MM = 72 / 25.4;

function brl(cents: number): string {
  const reais = Math.floor(cents / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `R$ ${reais},${String(cents % 100).padStart(2, '0')}`;
}

function ddmmyyyy(iso: string | undefined): string {
  if (!iso) return '';
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

function documentText(payer: Charge['payer']): string {
  const d = payer.document;
  if (payer.documentType === 'CPF' && d.length === 11)
    return `CPF ${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6, 9)}-${d.slice(9)}`;
  if (d.length === 14)
    return `CNPJ ${d.slice(0, 2)}.${d.slice(2, 5)}.${d.slice(5, 8)}/${d.slice(8, 12)}-${d.slice(12)}`;
  return `${payer.documentType} ${d}`;
}

function addressText(payer: Charge['payer']): string {
  const a = payer.address;
  if (!a) return '';
  const cep = `${a.zipCode.slice(0, 5)}-${a.zipCode.slice(5)}`;
  return `${a.street}, ${a.number}${a.complement ? ` ${a.complement}` : ''} - ${a.district} - ${a.city}/${a.state} - CEP ${cep}`;
}

/** The beneficiary the page names: the context's, else the BR Code's merchant. */
function beneficiaryOf(charge: Charge, context: BoletoPdfContext): string {
  if (charge.pix?.brCode) {
    try {
      const parsed = parsePixBrCode(charge.pix.brCode);
      return `${parsed.merchantName} - ${parsed.merchantCity}`;
    } catch {
      // An unparsable BR Code still leaves the context's name.
    }
  }
  return context.beneficiary;
}

/** The ITF (Interleaved 2 of 5) symbol of the 44-digit barcode, as bwip-js draws it (narrow:wide 1:3). */
export function itfSvg(bwipjs: typeof BwipJs, barcode: string): string {
  return bwipjs.toSVG({ bcid: 'interleaved2of5', text: barcode, height: 13, includetext: false });
}

/** The QR symbol of a BR Code, as bwip-js draws it (error correction M). */
export function qrSvg(bwipjs: typeof BwipJs, brCode: string): string {
  // eclevel is a BWIPP option bwip-js passes through but does not declare.
  const options = { bcid: 'qrcode', text: brCode, eclevel: 'M' };
  return bwipjs.toSVG(options);
}

/** One line of text in `width`: the font shrinks (down to 5 pt) until the text fits, never wrapping. */
function line(
  doc: PDFKit.PDFDocument,
  text: string,
  x: number,
  y: number,
  width: number,
  style: { font: string; size: number; align?: 'left' | 'right' | 'center' },
): void {
  let size = style.size;
  doc.font(style.font).fontSize(size);
  while (size > 5 && doc.widthOfString(text) > width) doc.fontSize((size -= 0.5));
  doc.fillColor('#000000').text(text, x, y, { width, align: style.align ?? 'left', lineBreak: false });
}

/** A labelled box of the slip: a small caption above its value. */
function field(
  doc: PDFKit.PDFDocument,
  label: string,
  value: string,
  x: number,
  y: number,
  w: number,
  h: number,
  align: 'left' | 'right' = 'left',
): void {
  doc.lineWidth(0.5).rect(x, y, w, h).stroke('#000000');
  line(doc, label, x + 2, y + 2, w - 4, { font: 'Helvetica', size: 6 });
  line(doc, value, x + 2, y + h - 11, w - 4, { font: 'Helvetica-Bold', size: 8.5, align });
}

/**
 * Renders a charge's boleto as a one-page A4 PDF: the payer's receipt (recibo do pagador) and the FEBRABAN
 * compensation slip (ficha de compensação) with the bank code, the digitable line, beneficiary, payer, amount
 * and due date, the 44-digit barcode as an Interleaved 2 of 5 symbol (103 x 13 mm, drawn as vectors from
 * bwip-js), and, for a bolepix, the Pix QR code of its BR Code. The charge must carry boleto lines.
 */
export async function renderBoletoPdf(charge: Charge, context: BoletoPdfContext): Promise<Buffer> {
  const boleto = charge.boleto;
  if (!boleto) throw new Error('renderBoletoPdf: the charge has no boleto');
  const bankCode = boleto.barcode.slice(0, 3);
  const digitable = formatDigitableLine(boleto.digitableLine);
  const beneficiary = beneficiaryOf(charge, context);
  const payerLine = `${charge.payer.name} - ${documentText(charge.payer)}`;
  const { PDFDocument, bwipjs } = await documentLibraries();

  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    info: { Title: `Boleto ${charge.id}`, Author: context.bankName, Subject: digitable, Creator: 'mcp-maax-cob' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const left = 15 * MM;
  const width = 180 * MM;
  const right = left + width;
  const col = width - 45 * MM;

  /** The bank header row: name | code-DV | digitable line. */
  const header = (y: number, title: string) => {
    line(doc, context.bankName, left, y, 42 * MM, { font: 'Helvetica-Bold', size: 12 });
    line(doc, `| ${bankCode}-${bankCheckDigit(bankCode)} |`, left + 43 * MM, y - 1, 26 * MM, {
      font: 'Helvetica-Bold',
      size: 14,
    });
    line(doc, title === 'ficha' ? digitable : 'Recibo do Pagador', left + 70 * MM, y + 2, width - 70 * MM, {
      font: 'Helvetica-Bold',
      size: title === 'ficha' ? 9.5 : 10,
      align: 'right',
    });
    doc
      .moveTo(left, y + 16)
      .lineTo(right, y + 16)
      .lineWidth(1)
      .stroke();
  };

  // Recibo do pagador.
  let y = 15 * MM;
  header(y, 'recibo');
  y += 18;
  field(doc, 'Beneficiário', beneficiary, left, y, col, 24);
  field(doc, 'Vencimento', ddmmyyyy(charge.dueDate), left + col, y, width - col, 24, 'right');
  y += 24;
  field(doc, 'Pagador', payerLine, left, y, col, 24);
  field(doc, 'Valor do documento', brl(charge.amount), left + col, y, width - col, 24, 'right');
  y += 24;
  field(doc, 'Nosso número / identificação', charge.id, left, y, col, 24);
  field(doc, 'Data do documento', ddmmyyyy(charge.createdAt), left + col, y, width - col, 24, 'right');
  y += 24;
  field(doc, 'Linha digitável', digitable, left, y, width, 24);
  y += 24;
  doc
    .font('Helvetica')
    .fontSize(7)
    .text('Autenticação mecânica', right - 60 * MM, y + 4, { width: 60 * MM, align: 'right' });

  // Corte.
  y += 30;
  doc.moveTo(left, y).lineTo(right, y).dash(3, { space: 3 }).lineWidth(0.5).stroke().undash();
  doc
    .font('Helvetica')
    .fontSize(6)
    .text('Corte na linha pontilhada', left, y + 2, { width, align: 'right' });

  // Ficha de compensação.
  y += 20;
  header(y, 'ficha');
  y += 18;
  field(doc, 'Local de pagamento', 'Pagável em qualquer banco até o vencimento', left, y, col, 24);
  field(doc, 'Vencimento', ddmmyyyy(charge.dueDate), left + col, y, width - col, 24, 'right');
  y += 24;
  field(doc, 'Beneficiário', beneficiary, left, y, col, 24);
  field(doc, 'Agência / Código do beneficiário', '—', left + col, y, width - col, 24, 'right');
  y += 24;
  const quarter = col / 4;
  field(doc, 'Data do documento', ddmmyyyy(charge.createdAt), left, y, quarter, 24);
  field(doc, 'Nº do documento', charge.externalId ?? '', left + quarter, y, quarter, 24);
  field(doc, 'Espécie doc.', 'DM', left + 2 * quarter, y, quarter / 2, 24);
  field(doc, 'Aceite', 'N', left + 2.5 * quarter, y, quarter / 2, 24);
  field(doc, 'Data processamento', ddmmyyyy(charge.createdAt), left + 3 * quarter, y, quarter, 24);
  field(doc, 'Nosso número', charge.id, left + col, y, width - col, 24, 'right');
  y += 24;
  field(doc, 'Espécie', 'R$', left, y, quarter, 24);
  field(doc, 'Quantidade', '', left + quarter, y, quarter, 24);
  field(doc, 'Valor', '', left + 2 * quarter, y, 2 * quarter, 24);
  field(doc, '(=) Valor do documento', brl(charge.amount), left + col, y, width - col, 24, 'right');
  y += 24;
  // Instructions (and the Pix QR of a bolepix) beside the deductions column.
  const instructionsHeight = 100;
  doc.lineWidth(0.5).rect(left, y, col, instructionsHeight).stroke();
  doc
    .font('Helvetica')
    .fontSize(6)
    .text('Instruções (texto de responsabilidade do beneficiário)', left + 2, y + 2);
  const instructions = [charge.description, 'Não receber após o vencimento sem os acréscimos previstos.'].filter(
    (s): s is string => Boolean(s),
  );
  const qrSize = charge.pix?.brCode ? 80 : 0;
  doc
    .font('Helvetica')
    .fontSize(8)
    .text(instructions.join('\n'), left + 2, y + 12, { width: col - qrSize - 16 });
  if (charge.pix?.brCode) {
    const qx = left + col - qrSize - 8;
    drawSymbol(doc, qrSvg(bwipjs, charge.pix.brCode), qx, y + 6, qrSize, qrSize);
    doc
      .font('Helvetica-Bold')
      .fontSize(6)
      .text('Pague com Pix', qx, y + 6 + qrSize + 2, { width: qrSize, align: 'center' });
  }
  const rows = ['(-) Desconto / Abatimento', '(-) Outras deduções', '(+) Mora / Multa', '(=) Valor cobrado'];
  rows.forEach((label, i) => field(doc, label, '', left + col, y + i * 25, width - col, 25, 'right'));
  y += instructionsHeight;
  doc.lineWidth(0.5).rect(left, y, width, 36).stroke();
  doc
    .font('Helvetica')
    .fontSize(6)
    .text('Pagador', left + 2, y + 2);
  line(doc, payerLine, left + 2, y + 11, width - 4, { font: 'Helvetica-Bold', size: 8.5 });
  line(doc, addressText(charge.payer), left + 2, y + 23, width - 4, { font: 'Helvetica', size: 8 });
  y += 40;
  doc
    .font('Helvetica')
    .fontSize(7)
    .text('Autenticação mecânica - Ficha de Compensação', right - 80 * MM, y, { width: 80 * MM, align: 'right' });
  y += 12;
  // FEBRABAN: the ITF symbol is 103 mm wide and 13 mm high, with a quiet zone on each side.
  drawSymbol(doc, itfSvg(bwipjs, boleto.barcode), left + 5 * MM, y, 103 * MM, 13 * MM);
  doc.end();
  return done;
}

/** The bank code's check digit printed beside it (modulo 11, weights 2..9 from the right; FEBRABAN's rule). */
function bankCheckDigit(code: string): string {
  let sum = 0;
  let weight = 2;
  for (let i = code.length - 1; i >= 0; i--) {
    sum += Number(code[i]) * weight;
    weight = weight === 9 ? 2 : weight + 1;
  }
  const dv = 11 - (sum % 11);
  return dv >= 10 ? (dv === 10 ? 'X' : '0') : String(dv);
}

import PDFDocument from 'pdfkit';
import type { SimReply, SimRequest } from './sim-server';

/**
 * What a simulator's boleto PDF endpoint answers: `pdf` (a real PDF), `html` (an error page with status 200, as a
 * misbehaving CDN might send) or `huge` (a "PDF" larger than the gateway's 5 MiB cap).
 */
export type SimDocumentMode = 'pdf' | 'html' | 'huge';

const HUGE_BYTES = 5 * 1024 * 1024 + 64 * 1024;

/**
 * The boleto PDFs a bank simulator serves: one real PDF per charge, drawn once with pdfkit (bank name, charge id and
 * digitable line) and served byte for byte the same afterwards, so a test can compare what the gateway sent with
 * what the bank served (`served`). `mode` turns the answer into a non-PDF or an oversized one; `hits` counts requests
 * that passed the endpoint's authentication.
 */
export class SimDocuments {
  mode: SimDocumentMode = 'pdf';
  hits = 0;
  /** The next `count` authenticated document requests answer `status` (the bank's PDF endpoint failing). */
  fail = { count: 0, status: 500 };
  /** The PDF served for each charge key (what the gateway must pass on unchanged). */
  readonly served = new Map<string, Buffer>();

  constructor(private readonly bankName: string) {}

  /** A failure to answer instead of the document, while `fail.count` lasts. */
  failure(): SimReply | undefined {
    if (this.fail.count <= 0) return undefined;
    this.fail.count--;
    return { status: this.fail.status, body: { error: 'simulated failure of the document endpoint' } };
  }

  /** Back to serving real PDFs, without failures (the served PDFs are kept). */
  reset(): void {
    this.mode = 'pdf';
    this.fail = { count: 0, status: 500 };
  }

  /** The bytes of the current mode for this charge (the same PDF every time in `pdf` mode). */
  async bytes(key: string, digitableLine: string): Promise<Buffer> {
    this.hits++;
    if (this.mode === 'html') return Buffer.from('<html><body>Boleto indisponível</body></html>');
    if (this.mode === 'huge') return Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(HUGE_BYTES, 0x20)]);
    const known = this.served.get(key);
    if (known) return known;
    const pdf = await drawPdf(this.bankName, key, digitableLine);
    this.served.set(key, pdf);
    return pdf;
  }

  /** The bytes as a binary answer (content-type application/pdf, or text/html in `html` mode). */
  async reply(key: string, digitableLine: string): Promise<SimReply> {
    const body = await this.bytes(key, digitableLine);
    const type = this.mode === 'html' ? 'text/html; charset=utf-8' : 'application/pdf';
    return { status: 200, body, headers: { 'content-type': type } };
  }
}

function drawPdf(bankName: string, key: string, digitableLine: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 40, info: { Title: `${bankName} boleto ${key}` } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.fontSize(16).text(`${bankName} (simulator)`);
    doc.moveDown().fontSize(11).text(`Boleto ${key}`);
    doc.moveDown().font('Courier').text(digitableLine);
    doc.end();
  });
}

/** A simulator's own authentication of an API route, run before `fn` with the authenticated client. */
export type SimGate<C> = (r: SimRequest, fn: (client: C) => SimReply) => SimReply | Promise<SimReply>;

/** Runs a simulator's gate: the client it let through, or the refusal it answered. */
export async function throughGate<C>(gate: SimGate<C>, r: SimRequest): Promise<{ client: C } | { denied: SimReply }> {
  let client: { value: C } | undefined;
  const reply = await gate(r, (c) => ((client = { value: c }), { status: 204 }));
  return client ? { client: client.value } : { denied: reply };
}

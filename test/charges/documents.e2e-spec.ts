import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import PDFDocument from 'pdfkit';
import { drawSymbol } from '../../src/charges/boleto-pdf.renderer';
import { connectMcp } from '../mcp/mcp-client';
import { ADAPTERS, startTestApp, TestApp } from '../helpers/app';
import { uniquePrefix } from '../helpers/redis';
import { testToken } from '../helpers/tokens';
import {
  auth,
  bolepixBody,
  boletoBody,
  CHARGES_TEST_ENV,
  createCharge,
  pixBody,
  sandboxTenant,
  Tenant,
} from './charge-fixtures';
import { decodePng, PageRegion, pdfFirstPagePng } from './document-decoding';

interface Charge {
  id: string;
  type: string;
  boleto?: { barcode: string; digitableLine: string };
  pix?: { brCode: string };
}

/** Supertest buffers a binary body into `res.body` with this parser. */
function binary(res: unknown, cb: (err: Error | null, body: unknown) => void): void {
  const stream = res as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(Buffer.from(c)));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
}

/** An SVG the gateway served, drawn into a one-page PDF (vector, as pdfkit paints it) and rasterized by pdftoppm. */
async function svgAsPng(svg: string): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 0 });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.on('data', (c: Buffer) => chunks.push(c));
  drawSymbol(doc, svg, 100, 100, 200, 200);
  doc.end();
  return pdfFirstPagePng(await done, 300, { x: 0.1, y: 0.08, w: 0.4, h: 0.3 });
}

/**
 * Where the slip puts its symbols on the A4 page (with a margin): the ITF barcode at the bottom of the compensation
 * slip, the Pix QR in its instructions box. Each is rendered alone at 300 dpi (3 px per narrow bar, as a scanner
 * reads print); the regions are generous, so the decoder still has to find the symbol.
 */
const BARCODE_AREA: PageRegion = { x: 0.03, y: 0.54, w: 0.64, h: 0.09 };
const QR_AREA: PageRegion = { x: 0.5, y: 0.36, w: 0.25, h: 0.16 };
const barcodeOf = (pdf: Buffer) => decodePng(pdfFirstPagePng(pdf, 300, BARCODE_AREA), 'ITF');
const qrOf = (pdf: Buffer) => decodePng(pdfFirstPagePng(pdf, 300, QR_AREA), 'QR_CODE');

function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

jest.setTimeout(60_000);

describe.each(ADAPTERS)('charge documents: boleto PDF and Pix QR images (%s)', (adapter) => {
  let t: TestApp;
  let tenant: Tenant;
  let boleto: Charge;
  let bolepix: Charge;
  let pix: Charge;

  const get = (path: string, token = tenant.token) =>
    request(t.url)
      .get(path)
      .set({ Authorization: `Bearer ${token}` })
      .buffer(true)
      .parse(binary);

  beforeAll(async () => {
    t = await startTestApp({ adapter, env: CHARGES_TEST_ENV });
    tenant = sandboxTenant();
    const made = await Promise.all(
      [boletoBody(), bolepixBody({ description: 'Plano anual' }), pixBody()].map((b) => createCharge(t.url, tenant, b)),
    );
    for (const r of made) expect(r.status).toBe(201);
    [boleto, bolepix, pix] = made.map((r) => r.body as Charge);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('renders the boleto PDF: one page whose ITF barcode decodes back to the 44-digit barcode', async () => {
    const res = await get(`/v1/charges/${boleto.id}/boleto.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/pdf/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-disposition']).toBe(`inline; filename="boleto-${boleto.id}.pdf"`);
    const pdf = res.body as Buffer;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdfFirstPagePng(pdf).length).toBeGreaterThan(10_000);
    expect(barcodeOf(pdf)).toBe(boleto.boleto?.barcode);
    expect(boleto.boleto?.barcode).toMatch(/^\d{44}$/);
    // A boleto without Pix carries no QR code.
    expect(() => qrOf(pdf)).toThrow();
  });

  it("renders the bolepix PDF with both the barcode and the Pix QR, each decoding back to the charge's codes", async () => {
    const res = await get(`/v1/charges/${bolepix.id}/boleto.pdf`);
    expect(res.status).toBe(200);
    expect(barcodeOf(res.body as Buffer)).toBe(bolepix.boleto?.barcode);
    expect(qrOf(res.body as Buffer)).toBe(bolepix.pix?.brCode);
    // `WRITE_BOLETO_PICTURE=1` refreshes the picture the README shows.
    if (process.env.WRITE_BOLETO_PICTURE === '1' && adapter === ADAPTERS[0])
      writeFileSync(join(__dirname, '../../docs/boleto-sandbox.png'), pdfFirstPagePng(res.body as Buffer, 100));
  });

  it('answers 422 UNSUPPORTED_OPERATION for the boleto PDF of a pix charge', async () => {
    const res = await request(t.url).get(`/v1/charges/${pix.id}/boleto.pdf`).set(auth(tenant));
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'UNSUPPORTED_OPERATION' });
  });

  it.each(['pix', 'bolepix'] as const)(
    'serves the QR of a %s charge as PNG and SVG, decoding to its BR Code',
    async (kind) => {
      const charge = kind === 'pix' ? pix : bolepix;
      const png = await get(`/v1/charges/${charge.id}/qr.png`);
      expect(png.status).toBe(200);
      expect(png.headers['content-type']).toMatch(/^image\/png/);
      expect(png.headers['cache-control']).toBe('no-store');
      // Whole pixels per module, the quiet zone widened to the size asked (a pixel or two less when sizes do not divide).
      for (const [query, size] of [
        ['', 300],
        ['?size=128', 128],
        ['?size=1024', 1024],
      ] as const) {
        const image = query ? await get(`/v1/charges/${charge.id}/qr.png${query}`) : png;
        const { width, height } = pngSize(image.body as Buffer);
        expect({ query, width, height }).toEqual({ query, width: expect.any(Number), height: width });
        expect(width).toBeLessThanOrEqual(size);
        expect(width).toBeGreaterThan(size - 20);
      }
      expect(decodePng(png.body as Buffer, 'QR_CODE')).toBe(charge.pix?.brCode);

      const svg = await get(`/v1/charges/${charge.id}/qr.svg?size=128`);
      expect(svg.status).toBe(200);
      expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
      const text = (svg.body as Buffer).toString('utf8');
      expect(text).toMatch(/^<svg width="128" height="128" viewBox=/);
      expect(decodePng(await svgAsPng(text), 'QR_CODE')).toBe(charge.pix?.brCode);
    },
  );

  it.each([['127'], ['1025'], ['abc'], ['300.5'], ['-1']])(
    'refuses ?size=%s with 400 VALIDATION_ERROR',
    async (size) => {
      for (const ext of ['png', 'svg']) {
        const res = await request(t.url).get(`/v1/charges/${pix.id}/qr.${ext}?size=${size}`).set(auth(tenant));
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ code: 'VALIDATION_ERROR', errors: [{ field: 'size' }] });
      }
    },
  );

  it('answers 422 UNSUPPORTED_OPERATION for the QR of a boleto without Pix', async () => {
    for (const ext of ['png', 'svg']) {
      const res = await request(t.url).get(`/v1/charges/${boleto.id}/qr.${ext}`).set(auth(tenant));
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'UNSUPPORTED_OPERATION' });
    }
  });

  it("answers 404 CHARGE_NOT_FOUND for another tenant's charge, and 400 for a malformed id", async () => {
    const other = sandboxTenant();
    for (const path of [`${bolepix.id}/boleto.pdf`, `${bolepix.id}/qr.png`, `${bolepix.id}/qr.svg`]) {
      const res = await request(t.url).get(`/v1/charges/${path}`).set(auth(other));
      expect({ path, status: res.status, code: res.body.code }).toEqual({
        path,
        status: 404,
        code: 'CHARGE_NOT_FOUND',
      });
    }
    const bad = await request(t.url).get('/v1/charges/a%20b/boleto.pdf').set(auth(tenant));
    expect(bad.status).toBe(400);
  });

  it('needs charges:read (403 INSUFFICIENT_SCOPE without it) and a token (401)', async () => {
    const writer = testToken({
      tenantId: tenant.tenantId,
      redisKeyPrefix: tenant.prefix,
      credentials: {},
      scope: 'charges:write',
    });
    const reader = testToken({
      tenantId: tenant.tenantId,
      redisKeyPrefix: tenant.prefix,
      credentials: {},
      scope: 'charges:read',
    });
    for (const path of [`${bolepix.id}/boleto.pdf`, `${bolepix.id}/qr.png`, `${bolepix.id}/qr.svg?size=9`]) {
      const refused = await request(t.url)
        .get(`/v1/charges/${path}`)
        .set({ Authorization: `Bearer ${writer}` });
      expect({ path, status: refused.status, code: refused.body.code }).toEqual({
        path,
        status: 403,
        code: 'INSUFFICIENT_SCOPE',
      });
      const anonymous = await request(t.url).get(`/v1/charges/${path}`);
      expect(anonymous.status).toBe(401);
    }
    expect((await get(`/v1/charges/${bolepix.id}/boleto.pdf`, reader)).status).toBe(200);
    expect((await get(`/v1/charges/${bolepix.id}/qr.png`, reader)).status).toBe(200);
  });

  it('get_boleto_pdf hands the PDF to an MCP client (official SDK) as an embedded resource', async () => {
    const client = await connectMcp(t.url, 'modern', auth(tenant));
    try {
      const tools = (await client.listTools()).tools;
      expect(tools.find((x) => x.name === 'get_boleto_pdf')?.annotations).toMatchObject({ readOnlyHint: true });
      const r = (await client.callTool({ name: 'get_boleto_pdf', arguments: { id: bolepix.id } })) as {
        isError?: boolean;
        structuredContent?: Record<string, unknown>;
        content: Array<{ type: string; resource?: { uri: string; mimeType: string; blob: string } }>;
      };
      expect(r.isError).not.toBe(true);
      expect(r.structuredContent).toMatchObject({ id: bolepix.id, mimeType: 'application/pdf' });
      const resource = r.content.find((c) => c.type === 'resource')?.resource;
      expect(resource).toMatchObject({ mimeType: 'application/pdf', uri: r.structuredContent?.uri });
      const pdf = Buffer.from(resource?.blob ?? '', 'base64');
      expect(pdf.length).toBe(r.structuredContent?.sizeBytes);
      expect(barcodeOf(pdf)).toBe(bolepix.boleto?.barcode);

      const refused = (await client.callTool({ name: 'get_boleto_pdf', arguments: { id: pix.id } })) as {
        isError?: boolean;
        structuredContent?: Record<string, unknown>;
      };
      expect(refused.isError).toBe(true);
      expect(refused.structuredContent).toMatchObject({ code: 'UNSUPPORTED_OPERATION', status: 422 });
    } finally {
      await client.close();
    }
  });

  it('hides get_boleto_pdf from a token without charges:read', async () => {
    const token = testToken({ tenantId: uniquePrefix('w'), credentials: {}, scope: 'charges:write' });
    const client = await connectMcp(t.url, 'modern', { Authorization: `Bearer ${token}` });
    try {
      expect((await client.listTools()).tools.map((x) => x.name)).not.toContain('get_boleto_pdf');
    } finally {
      await client.close();
    }
  });
});

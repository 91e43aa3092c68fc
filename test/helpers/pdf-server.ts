import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';

/** A paper-like first page (title, two columns of text, a figure) made with pdf-lib. */
export async function makePaperPdf(title: string, pages = 1): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  const bold = await doc.embedFont(StandardFonts.TimesRomanBold);
  const words = 'we study how models attend to every token of the input and learn which ones matter for the next prediction while staying cheap to run'.split(' ');
  for (let n = 0; n < pages; n++) {
    const page = doc.addPage([612, 792]);
    if (n === 0) page.drawText(title.slice(0, 60), { x: 60, y: 720, size: 18, font: bold });
    page.drawRectangle({ x: 330, y: 430, width: 220, height: 150, color: rgb(0.2, 0.4, 0.8) });
    for (let col = 0; col < 2; col++) {
      for (let line = 0; line < 55; line++) {
        if (col === 1 && line > 10 && line < 27) continue;
        const text = Array.from({ length: 9 }, (_, i) => words[(line * 7 + i + col) % words.length]).join(' ');
        page.drawText(text, { x: 50 + col * 270, y: 670 - line * 11, size: 9, font });
      }
    }
  }
  return Buffer.from(await doc.save());
}

export interface PdfServer {
  /** Base URL: PDFs are at `${url}/{arxiv id}`, as at https://arxiv.org/pdf. */
  url: string;
  /** Paths requested, in order. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * A local stand-in for arxiv.org/pdf over real HTTP. By default every id gets a paper-like PDF;
 * `special` overrides ids: 'broken' (a PDF header and garbage), 'html' (a captcha-like HTML page),
 * 'huge' (declares 50 MB and starts sending), 'huge-undeclared' (streams 50 MB without a length),
 * 'missing' (404), 'error' (503), 'cut' (dies mid-file).
 */
export async function startPdfServer(special: Record<string, 'broken' | 'html' | 'huge' | 'huge-undeclared' | 'missing' | 'error' | 'cut'> = {}, { pages = 1, oneFile = false }: { pages?: number; oneFile?: boolean } = {}): Promise<PdfServer> {
  // oneFile: the same PDF for every id, made once (a benchmark of the renderer, not of pdf-lib).
  const shared = oneFile ? await makePaperPdf('A Paper Served to Every Id', pages) : undefined;
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const id = decodeURIComponent((req.url ?? '/').replace(/^\/+/, '').split('?')[0]!);
    requests.push(id);
    void answer(id, special[id], res, pages, shared).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

const MB = 1_048_576;

async function answer(id: string, kind: string | undefined, res: import('node:http').ServerResponse, pages: number, shared?: Buffer): Promise<void> {
  switch (kind) {
    case 'missing': res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found'); return;
    case 'error': res.writeHead(503, { 'content-type': 'text/plain' }).end('Service unavailable'); return;
    case 'html': res.writeHead(200, { 'content-type': 'text/html' }).end('<!DOCTYPE html><html><body>Are you a robot?</body></html>'); return;
    case 'broken': res.writeHead(200, { 'content-type': 'application/pdf' }).end(Buffer.from('%PDF-1.7\n1 0 obj garbage that is not a PDF at all\n%%EOF')); return;
    case 'huge':
    case 'huge-undeclared': {
      res.writeHead(200, { 'content-type': 'application/pdf', ...(kind === 'huge' ? { 'content-length': String(50 * MB) } : {}) });
      const chunk = Buffer.alloc(MB, 32);
      chunk.write('%PDF-1.7\n');
      for (let i = 0; i < 50 && !res.destroyed; i++) {
        if (!res.write(chunk)) await drainedOrClosed(res);
      }
      res.end();
      return;
    }
    case 'cut': {
      const pdf = await makePaperPdf(id);
      res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': String(pdf.length) });
      res.write(pdf.subarray(0, Math.floor(pdf.length / 2)), () => res.destroy());
      return;
    }
    default: {
      const pdf = shared ?? await makePaperPdf(`Paper ${id}`, pages);
      res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': String(pdf.length) }).end(pdf);
    }
  }
}

function drainedOrClosed(res: import('node:http').ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A paper's first page as a small picture, rendered by poppler's `pdftoppm` (Debian's
 * poppler-utils) and shrunk to WebP by `cwebp` (Debian's webp) when it is installed, PNG
 * otherwise. A separate process: a hostile or broken PDF cannot crash or stall the app (it is
 * killed after a timeout), and poppler renders what arXiv serves as faithfully as any viewer.
 */
export interface ThumbnailOptions {
  /** Base URL of PDFs: `${pdfUrl}/${arxivId}` (arXiv: https://arxiv.org/pdf). */
  pdfUrl: string;
  /** Larger PDFs are skipped (recorded with the reason) without being downloaded whole. */
  maxPdfBytes: number;
  timeoutMs: number;
  /** The longer side of the picture, in pixels. */
  sizePx: number;
  pdftoppm: string;
  /** The WebP encoder; null to keep PNG. */
  cwebp: string | null;
}

export type ThumbnailOutcome =
  | { image: Buffer; mime: string; width: number; height: number; version: string }
  | { status: 'skipped' | 'failed'; reason: string };

/** WebP quality: a first page stays legible as a thumbnail at a few kilobytes. */
const WEBP_QUALITY = 50;

/** Whether a program can be started (so a site without poppler says so once, instead of failing per paper). */
export async function hasProgram(path: string, versionFlag = '-v'): Promise<boolean> {
  try {
    await run(path, [versionFlag], { timeout: 5000 });
    return true;
  } catch (err) {
    // poppler prints its version and exits 0 or 99 depending on the release: only "not found" means absent.
    return (err as NodeJS.ErrnoException).code !== 'ENOENT' && (err as NodeJS.ErrnoException).code !== 'EACCES';
  }
}

/** Downloads the paper's PDF and renders its first page. Never throws for a bad PDF or server: the outcome says why. */
export async function makeThumbnail(options: ThumbnailOptions, paperId: string): Promise<ThumbnailOutcome> {
  const pdf = await downloadPdf(options, paperId);
  if (!('bytes' in pdf)) return pdf;
  return renderFirstPage(options, pdf.bytes);
}

async function downloadPdf(options: ThumbnailOptions, paperId: string): Promise<{ bytes: Buffer } | { status: 'skipped' | 'failed'; reason: string }> {
  const url = `${options.pdfUrl.replace(/\/+$/, '')}/${paperId}`;
  const limitMb = (options.maxPdfBytes / 1_048_576).toFixed(0);
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs), headers: { accept: 'application/pdf' } });
  } catch (err) {
    return { status: 'failed', reason: `could not fetch ${url}: ${(err as Error).name === 'TimeoutError' ? `no answer within ${options.timeoutMs} ms` : (err as Error).message}` };
  }
  if (response.status === 404 || response.status === 410) {
    await response.body?.cancel();
    return { status: 'skipped', reason: `${url} answered ${response.status}: no PDF` };
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    return { status: 'failed', reason: `${url} answered ${response.status}` };
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > options.maxPdfBytes) {
    await response.body.cancel();
    return { status: 'skipped', reason: `the PDF is ${(declared / 1_048_576).toFixed(1)} MB, over the ${limitMb} MB limit` };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body) {
      size += chunk.length;
      if (size > options.maxPdfBytes) {
        await response.body.cancel().catch(() => undefined);
        return { status: 'skipped', reason: `the PDF is over the ${limitMb} MB limit` };
      }
      chunks.push(Buffer.from(chunk));
    }
  } catch (err) {
    return { status: 'failed', reason: `the download of ${url} broke off after ${size} bytes: ${(err as Error).message}` };
  }
  const bytes = Buffer.concat(chunks);
  if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') {
    return { status: 'skipped', reason: `${url} did not send a PDF (it starts with ${JSON.stringify(bytes.subarray(0, 12).toString('latin1'))})` };
  }
  return { bytes };
}

async function renderFirstPage(options: ThumbnailOptions, pdf: Buffer): Promise<ThumbnailOutcome> {
  const dir = await mkdtemp(join(tmpdir(), 'paperboy-thumb-'));
  try {
    const input = join(dir, 'paper.pdf');
    await writeFile(input, pdf);
    try {
      await run(options.pdftoppm, ['-f', '1', '-l', '1', '-singlefile', '-scale-to', String(options.sizePx), '-png', input, join(dir, 'page')], { timeout: options.timeoutMs });
    } catch (err) {
      const stderr = String((err as { stderr?: unknown }).stderr ?? '').split('\n').find((l) => l.trim()) ?? (err as Error).message;
      return { status: 'skipped', reason: `the PDF could not be rendered: ${stderr.trim().slice(0, 200)}` };
    }
    const png = await readFile(join(dir, 'page.png')).catch(() => null);
    if (!png || png.length < 24) return { status: 'skipped', reason: 'the PDF has no page to render' };
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    let image = png;
    let mime = 'image/png';
    if (options.cwebp) {
      try {
        await run(options.cwebp, ['-quiet', '-q', String(WEBP_QUALITY), join(dir, 'page.png'), '-o', join(dir, 'page.webp')], { timeout: options.timeoutMs });
        const webp = await readFile(join(dir, 'page.webp'));
        if (webp.length < png.length) { image = webp; mime = 'image/webp'; }
      } catch {
        // The PNG serves.
      }
    }
    return { image, mime, width, height, version: createHash('sha256').update(image).digest('hex').slice(0, 12) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

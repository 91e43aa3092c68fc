import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { renderPendingThumbnails, type ThumbnailDeps } from '../src/jobs/thumbnails.ts';
import { countThumbnails, findThumbnail, listThumbnailReasons } from '../src/store/paper-aids.ts';
import { findPaper, upsertPapers } from '../src/store/papers.ts';
import { dialectsUnderTest, type TestDatabase } from './helpers/databases.ts';
import { makePaper } from './helpers/papers.ts';
import { startPdfServer, type PdfServer } from './helpers/pdf-server.ts';
import { buildTestApp } from './helpers/app.ts';

// Needs poppler's pdftoppm (Debian: poppler-utils), which .ci/run installs.
const depsFor = (t: TestDatabase, pdfs: PdfServer, maxPdfBytes = 20 * 1_048_576): ThumbnailDeps => ({
  store: t.store,
  options: { pdfUrl: pdfs.url, maxPdfBytes, timeoutMs: 20_000, pdftoppm: 'pdftoppm', cwebp: 'cwebp' },
});

for (const dialect of dialectsUnderTest()) {
  describe(`thumbnails on ${dialect.name}`, () => {
    let t: TestDatabase;
    let pdfs: PdfServer;
    before(async () => {
      t = await dialect.create();
      pdfs = await startPdfServer({
        '2601.00002': 'broken', '2601.00003': 'huge', '2601.00004': 'huge-undeclared', '2601.00005': 'missing',
        '2601.00006': 'error', '2601.00007': 'html', '2601.00008': 'cut',
      });
    });
    after(async () => {
      await pdfs.close();
      await t.drop();
    });

    it('renders the first page of a served PDF as a small image, records why the bad ones have none, and leaves failures for a retry', async () => {
      const ids = ['2601.00001', '2601.00002', '2601.00003', '2601.00004', '2601.00005', '2601.00006', '2601.00007', '2601.00008'];
      await upsertPapers(t.store.db, t.store.dialect, [...ids.map((id) => makePaper(id)), makePaper('local-abc')]);
      const report = await renderPendingThumbnails(depsFor(t, pdfs), { limit: 100 });
      assert.deepEqual({ made: report.made, skipped: report.skipped, failed: report.failed }, { made: 1, skipped: 5, failed: 2 });
      assert.ok(!pdfs.requests.includes('local-abc'), 'a paper with a local id has no arXiv PDF to ask for');

      const image = await findThumbnail(t.store.db, '2601.00001');
      assert.ok(image, 'the good PDF has a thumbnail');
      assert.match(image.mime, /^image\/(webp|png)$/);
      assert.ok(image.image.length > 500 && image.image.length < 30_000, `a few kilobytes, got ${image.image.length} bytes`);
      const paper = await findPaper(t.store.db, t.store.dialect, '2601.00001');
      assert.equal(paper!.thumbnail, image.version, 'the paper carries its thumbnail version');

      const reasons = new Map((await listThumbnailReasons(t.store.db, 20)).map((r) => [r.paperId, `${r.status}: ${r.reason}`]));
      assert.match(reasons.get('2601.00002')!, /^skipped: the PDF could not be rendered/);
      assert.match(reasons.get('2601.00003')!, /^skipped: the PDF is 50\.0 MB, over the 20 MB limit/);
      assert.match(reasons.get('2601.00004')!, /^skipped: the PDF is over the 20 MB limit/);
      assert.match(reasons.get('2601.00005')!, /^skipped: .* answered 404/);
      assert.match(reasons.get('2601.00006')!, /^failed: .* answered 503/);
      assert.match(reasons.get('2601.00007')!, /^skipped: .* did not send a PDF/);
      assert.match(reasons.get('2601.00008')!, /^failed: the download of .* broke off/);

      const again = await renderPendingThumbnails(depsFor(t, pdfs), { limit: 100 });
      assert.deepEqual({ made: again.made, skipped: again.skipped, failed: again.failed }, { made: 0, skipped: 0, failed: 0 }, 'a second run has nothing to do until failures are due for a retry');
      const later = await renderPendingThumbnails({ ...depsFor(t, pdfs), now: () => new Date(Date.now() + 7 * 3_600_000) }, { limit: 100 });
      assert.equal(later.failed, 2, 'the two failures are tried again hours later');
      assert.deepEqual(await countThumbnails(t.store.db), { done: 1, skipped: 5, failed: 2 });
    });

    it('stops a run after three failed downloads in a row (the PDF server is unreachable), leaving the rest for later', async () => {
      const ids = Array.from({ length: 8 }, (_, i) => `2602.0030${i}`);
      await upsertPapers(t.store.db, t.store.dialect, ids.map((id) => makePaper(id)));
      const report = await renderPendingThumbnails({ ...depsFor(t, pdfs), options: { ...depsFor(t, pdfs).options, pdfUrl: 'http://127.0.0.1:9' } }, { limit: 100 });
      assert.equal(report.stoppedEarly, true);
      assert.equal(report.failed, 3);
      const tried = await t.store.db.selectFrom('paper_thumbnails').select('paper_id').where('paper_id', 'in', ids).execute();
      assert.equal(tried.length, 3, 'the other five were not tried and wait for the next run');
    });

    it('serves a thumbnail with long cache headers at its versioned URL and lists it in the API', async () => {
      await upsertPapers(t.store.db, t.store.dialect, [makePaper('2601.00101', { listing: { day: '2026-01-05', submittedAt: null, submitter: null } })]);
      await renderPendingThumbnails(depsFor(t, pdfs), { limit: 100 });
      const app = buildTestApp(t.store, { now: new Date('2026-01-05T15:00:00Z') });
      const items = (await (await app.request('/api/daily_papers?date=2026-01-05')).json()) as Array<{ thumbnail: string; paper: { thumbnail: string } }>;
      const url = new URL(items[0]!.thumbnail);
      assert.match(url.pathname, /^\/papers\/2601\.00101\/thumbnail$/);
      const response = await app.request(`${url.pathname}${url.search}`);
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type')!, /^image\//);
      assert.equal(response.headers.get('cache-control'), 'public, max-age=31536000, immutable');
      assert.ok((await response.arrayBuffer()).byteLength > 500);
      const missing = await app.request('/papers/2601.00199/thumbnail', { headers: { accept: 'image/*' } });
      assert.equal(missing.status, 404);
    });
  });
}

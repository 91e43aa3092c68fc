import type { Hono } from 'hono';
import type { MemberEnv } from '../../members/http.ts';


import { listDaysWithPapers } from '../../store/daily.ts';
import { listPaperIds } from '../../store/papers.ts';
import { listOrganizations } from '../../store/people.ts';
import { ASSETS } from '../assets.ts';
import type { WebDeps } from '../context.ts';
import { escapeXml } from '../feeds.ts';
import { organizationPath, paperPath, periodPath } from '../format.ts';

/** A sitemap holds at most 50,000 URLs (sitemaps.org); past that the newest are listed. */
const SITEMAP_MAX_URLS = 50_000;

/** Static assets, robots.txt, sitemap.xml and the subscribe page. */
export function registerSiteRoutes(web: Hono<MemberEnv>, { store, config }: WebDeps): void {
  for (const asset of Object.values(ASSETS)) {
    web.get(asset.path, (c) => c.body(asset.body, 200, { 'Content-Type': asset.contentType, 'Cache-Control': 'public, max-age=31536000, immutable' }));
  }

  web.get('/robots.txt', (c) => c.text(`User-agent: *\nAllow: /\nDisallow: /api/\nSitemap: ${config.baseUrl}/sitemap.xml\n`));

  web.get('/sitemap.xml', async (c) => {
    const days = await listDaysWithPapers(store.db, 5_000);
    const organizations = (await listOrganizations(store.db)).slice(0, 5_000);
    const room = SITEMAP_MAX_URLS - 2 - days.length - organizations.length;
    const papers = await listPaperIds(store.db, { limit: room });
    const paths = ['/', '/papers/trending', ...days.map((d) => periodPath('day', d)), ...organizations.map((o) => organizationPath(o.slug)), ...papers.map(paperPath)];
    const body = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
      ...paths.map((p) => `<url><loc>${escapeXml(`${config.baseUrl}${p}`)}</loc></url>`),
      '</urlset>',
    ].join('\n');
    return c.body(body, 200, { 'Content-Type': 'application/xml; charset=utf-8' });
  });

}

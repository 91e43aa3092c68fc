import type { Child } from 'hono/jsx';
import { STYLE } from './style.ts';

export interface PageMeta {
  title: string;
  description: string;
  canonicalUrl?: string;
}

/** The page frame: readable on a phone, light or dark as the system is, no script needed. */
export function Layout({ meta, children }: { meta: PageMeta; children: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{meta.title}</title>
        <meta name="description" content={meta.description} />
        <meta property="og:title" content={meta.title} />
        <meta property="og:description" content={meta.description} />
        {meta.canonicalUrl ? <link rel="canonical" href={meta.canonicalUrl} /> : null}
        <style dangerouslySetInnerHTML={{ __html: STYLE }} />
      </head>
      <body>
        <header class="site">
          <a class="brand" href="/">Paperboy</a>
          <span class="meta">Daily Papers</span>
        </header>
        <main>{children}</main>
        <footer class="site">Paperboy — a self-hosted Daily Papers feed. Data from arXiv.</footer>
      </body>
    </html>
  );
}

import { Hono } from 'hono';
import { openApiDocument } from './openapi.ts';

type Operation = { summary?: string; description?: string; parameters?: Array<{ name: string; in: string; description?: string }> };

const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

/** /openapi.json and a readable /docs page made from it; no script, no CDN. */
export function createApiDocs({ baseUrl, stylesheet }: { baseUrl: string; stylesheet: string }): Hono {
  const docs = new Hono();
  const document = openApiDocument(baseUrl);
  docs.get('/openapi.json', (c) => c.json(document));
  docs.get('/docs', (c) => {
    // A path item holds its operations by method, and may hold parameters shared by them.
    const operations = Object.entries(document.paths).flatMap(([path, item]) => {
      const { parameters: shared = [], ...methods } = item as Record<string, Operation> & { parameters?: Operation['parameters'] };
      return Object.entries(methods).filter(([method]) => HTTP_METHODS.has(method))
        .map(([method, op]) => ({ path, method: method.toUpperCase(), op: { ...op, parameters: [...shared, ...(op.parameters ?? [])] } }));
    });
    return c.html(
      '<!doctype html>' + (
        <html lang="en">
          <head>
            <meta charset="utf-8" />
            <meta name="viewport" content="width=device-width, initial-scale=1" />
            <title>API · Paperboy</title>
            <meta name="description" content={document.info.description} />
            <link rel="stylesheet" href={stylesheet} />
          </head>
          <body>
            <header class="site"><a class="brand" href="/">Paperboy</a></header>
            <main id="main">
              <h1>{document.info.title}</h1>
              <p>{document.info.description} The machine-readable description is <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>
              <table class="endpoints">
                <thead><tr><th scope="col">Endpoint</th><th scope="col">What it answers</th><th scope="col">Parameters</th></tr></thead>
                <tbody>
                  {operations.map(({ path, method, op }) => (
                    <tr>
                      <td><code>{method} {path}</code></td>
                      <td>{op.summary}{op.description ? <p class="meta">{op.description}</p> : null}</td>
                      <td>{(op.parameters ?? []).map((p) => <div><code>{p.name}</code> <span class="meta">({p.in}){p.description ? ` ${p.description}` : ''}</span></div>)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </main>
          </body>
        </html>
      ).toString(),
    );
  });
  return docs;
}

import type { HttpClient, HttpResponse } from '../../ingest/http.ts';
import type { Store } from '../../store/db.ts';
import { findValidators, saveValidators } from '../../store/sources.ts';

export type ConditionalAnswer =
  | { changed: false }
  | { changed: true; response: HttpResponse; remember: () => Promise<void> };

/**
 * GETs `url` with the validators of the last answer that was fully imported (If-None-Match,
 * If-Modified-Since). A 304 means nothing changed. Otherwise the caller imports the answer and
 * then calls `remember`, so a run that dies mid-import fetches it in full again next time.
 */
export async function conditionalGet(store: Store, http: HttpClient, url: string, now: () => Date): Promise<ConditionalAnswer> {
  const known = await findValidators(store.db, url);
  const headers: Record<string, string> = {};
  if (known?.etag) headers['if-none-match'] = known.etag;
  if (known?.lastModified) headers['if-modified-since'] = known.lastModified;
  const response = await http.get(url, { headers });
  if (response.status === 304) return { changed: false };
  const etag = response.headers.get('etag');
  const lastModified = response.headers.get('last-modified');
  return {
    changed: true,
    response,
    remember: async () => {
      if (response.status === 200 && (etag || lastModified)) await saveValidators(store.db, url, { etag, lastModified }, now().toISOString());
    },
  };
}

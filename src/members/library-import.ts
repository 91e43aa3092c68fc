import { detectInput, parseCitations, type CitationEntry, type CitationInput } from '../citations/parse.ts';
import { AppError } from '../domain/errors.ts';
import type { Member } from '../domain/members.ts';
import { newId } from '../lib/tokens.ts';
import { addCollectionItems } from '../store/collections.ts';
import {
  createImport, listExistingPaperIds, listPaperIdsByDoi, listPaperTitles, type ImportEntryRow,
} from '../store/library-imports.ts';
import { nowOf, type MembersDeps } from './context.ts';
import { getOwnCollection } from './library.ts';

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
export const MAX_IMPORT_ENTRIES = 10_000;
const TITLE_PAGE = 5_000;

/** A title as it is compared: letters and digits only, accents dropped, lower-case, single spaces. */
export function normaliseTitle(title: string): string {
  return title.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}

/** Text from an upload: UTF-8 (a BOM is dropped); a binary or non-UTF-8 file is refused with the reason. */
export function decodeUpload(bytes: Uint8Array, fileName: string): string {
  if (bytes.byteLength > MAX_IMPORT_BYTES) throw new AppError('payload_too_large', `${fileName} is ${(bytes.byteLength / 1048576).toFixed(1)} MB; imports are limited to 20 MB.`);
  if (bytes.includes(0)) throw new AppError('invalid_input', `${fileName} is a binary file, not a BibTeX, RIS or CSL-JSON text file.`);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new AppError('invalid_input', `${fileName} is not UTF-8 text; export it from your reference manager as UTF-8 (Zotero and Mendeley do by default).`);
  }
}

export interface ImportRequest {
  fileName: string;
  text: string;
  format?: CitationInput;
}

/**
 * Reads a citation file (or pasted ids) into a collection: each entry is matched by arXiv id,
 * then DOI, then normalised title against the papers stored here; matched papers are added at
 * once, arXiv ids not stored yet are left `pending` for the background fetch
 * (jobs/library-imports.ts). One bad entry is recorded as malformed and the rest go on.
 */
export async function importIntoCollection(deps: MembersDeps, member: Member, collectionId: string, request: ImportRequest): Promise<string> {
  const collection = await getOwnCollection(deps, collectionId, member);
  const format = request.format ?? detectInput(request.text);
  const entries = await parseCitations(request.text, format);
  if (entries.length === 0) throw new AppError('invalid_input', `${request.fileName} holds no entries: nothing was imported.`);
  if (entries.length > MAX_IMPORT_ENTRIES) throw new AppError('invalid_input', `${request.fileName} has ${entries.length.toLocaleString('en')} entries; an import takes at most ${MAX_IMPORT_ENTRIES.toLocaleString('en')}. Split the file.`);
  const rows = await matchEntries(deps, entries);
  const id = newId();
  const now = nowOf(deps).toISOString();
  const found = [...new Set(rows.flatMap((r) => (r.outcome === 'matched' && r.paperId ? [r.paperId] : [])))];
  await deps.store.db.transaction().execute(async (trx) => {
    await createImport(trx, { id, userId: member.id, collectionId: collection.id, format, fileName: request.fileName.slice(0, 200), now, entries: rows });
    await addCollectionItems(trx, collection.id, found, now);
  });
  return id;
}

async function matchEntries(deps: MembersDeps, entries: CitationEntry[]): Promise<ImportEntryRow[]> {
  const db = deps.store.db;
  const ids = [...new Set(entries.flatMap((e) => (e.arxivId && !e.malformed ? [e.arxivId] : [])))];
  const stored = await listExistingPaperIds(db, ids);
  const needDoi = entries.filter((e) => !e.malformed && !e.arxivId && e.doi);
  const byDoi = needDoi.length ? await listPaperIdsByDoi(db, [...new Set(needDoi.map((e) => e.doi!))]) : new Map<string, string>();
  const needTitle = entries.filter((e) => !e.malformed && !e.arxivId && !(e.doi && byDoi.has(e.doi)) && e.title);
  const byTitle = needTitle.length ? await titleIndex(deps, new Set(needTitle.map((e) => normaliseTitle(e.title!)))) : new Map<string, string>();
  return entries.map((e): ImportEntryRow => {
    const row = { seq: e.seq, line: e.line, key: e.key, title: e.title, arxivId: e.arxivId, doi: e.doi, paperId: null, reason: e.remark ?? null };
    if (e.malformed) return { ...row, outcome: 'malformed', reason: e.malformed };
    if (e.arxivId) return stored.has(e.arxivId) ? { ...row, outcome: 'matched', paperId: e.arxivId } : { ...row, outcome: 'pending', reason: 'not stored here yet: fetching it from arXiv' };
    const doiMatch = e.doi ? byDoi.get(e.doi) : undefined;
    if (doiMatch) return { ...row, outcome: 'matched', paperId: doiMatch };
    const titleMatch = e.title ? byTitle.get(normaliseTitle(e.title)) : undefined;
    if (titleMatch) return { ...row, outcome: 'matched', paperId: titleMatch };
    const why = e.doi ? `no paper here has the DOI ${e.doi} or this title, and the entry has no arXiv id` : 'no paper here has this title, and the entry has no arXiv id or DOI';
    return { ...row, outcome: 'unmatched', reason: e.remark ? `${why}; ${e.remark}` : why };
  });
}

/** Stored papers whose normalised title is one of `wanted`, read a page at a time so memory stays bounded. */
async function titleIndex(deps: MembersDeps, wanted: Set<string>): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  let after = '';
  for (;;) {
    const page = await listPaperTitles(deps.store.db, after, TITLE_PAGE);
    for (const p of page) {
      const key = normaliseTitle(p.title);
      if (wanted.has(key) && !found.has(key)) found.set(key, p.id);
    }
    if (page.length < TITLE_PAGE) return found;
    after = page.at(-1)!.id;
  }
}

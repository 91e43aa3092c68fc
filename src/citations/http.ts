import type { Context } from 'hono';
import { AppError } from '../domain/errors.ts';
import type { Paper } from '../domain/paper.ts';
import { CITATION_FORMATS, citationFormatOf, formatCitations, isCitationFormat, type CitationFormat } from './export.ts';

/**
 * The citation format a request asks for: `?format=bibtex|ris|csl-json`, else a citation media
 * type in Accept; undefined for an ordinary request. An unknown `format` is a 400 naming the choices.
 */
export function requestedCitationFormat(c: Context): CitationFormat | undefined {
  const format = c.req.query('format');
  if (format !== undefined && format !== 'json' && format !== 'html') {
    if (!isCitationFormat(format)) throw new AppError('invalid_input', `format must be bibtex, ris or csl-json, got "${format.slice(0, 40)}".`);
    return format;
  }
  return citationFormatOf(c.req.header('accept'));
}

/** Papers as a citation file download named `<name>.<ext>`. */
export function citationResponse(c: Context, papers: Paper[], format: CitationFormat, name: string): Response {
  const { type, extension } = CITATION_FORMATS[format];
  c.header('Vary', 'Accept');
  const file = `${name.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 80) || 'papers'}.${extension}`;
  return c.body(formatCitations(papers, format), 200, { 'Content-Type': type, 'Content-Disposition': `attachment; filename="${file}"` });
}

/** Download links for a list's citations: `?format=` added to its path. */
export function citationLinks(path: string): Array<{ label: string; href: string }> {
  const join = path.includes('?') ? '&' : '?';
  return [
    { label: 'BibTeX', href: `${path}${join}format=bibtex` },
    { label: 'RIS', href: `${path}${join}format=ris` },
    { label: 'CSL-JSON', href: `${path}${join}format=csl-json` },
  ];
}

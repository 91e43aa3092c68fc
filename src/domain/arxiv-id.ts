/**
 * arXiv identifiers. Two schemes exist (https://info.arxiv.org/help/arxiv_identifier.html):
 *  - new style since 2007-04: YYMM.NNNN (until 2014-12) or YYMM.NNNNN, e.g. 2602.23229
 *  - old style: archive[.SUBJECT]/YYMMNNN, e.g. astro-ph/0601001, math.GT/0309136
 * Both may carry a version suffix vN.
 */
export interface ArxivId {
  /** The id without version: what Paperboy keys papers by. */
  id: string;
  /** The version number, when the input named one. */
  version?: number;
}

const NEW_STYLE = /^(\d{4})\.(\d{4,5})(?:v(\d+))?$/;
const OLD_STYLE = /^([a-z-]+(?:\.[A-Z]{2})?)\/(\d{7})(?:v(\d+))?$/;
const URL_PREFIX = /^(?:https?:\/\/)?(?:www\.|export\.)?arxiv\.org\/(?:abs|pdf|html)\//i;

/**
 * Parses an arXiv id in any of the forms people paste: bare, with version, with an
 * "arXiv:" prefix, or as an abs/pdf URL (with or without ".pdf"). Returns undefined when the
 * text is not an arXiv id.
 */
export function parseArxivId(input: string): ArxivId | undefined {
  let text = input.trim();
  text = text.replace(URL_PREFIX, '').replace(/^arxiv:/i, '');
  text = text.replace(/[?#].*$/, '').replace(/\/+$/, '').replace(/\.pdf$/i, '');
  const newMatch = NEW_STYLE.exec(text);
  if (newMatch) {
    const month = Number(newMatch[1]!.slice(2));
    if (month < 1 || month > 12) return undefined;
    return withVersion(`${newMatch[1]}.${newMatch[2]}`, newMatch[3]);
  }
  const oldMatch = OLD_STYLE.exec(text);
  if (oldMatch) return withVersion(`${oldMatch[1]}/${oldMatch[2]}`, oldMatch[3]);
  return undefined;
}

function withVersion(id: string, version: string | undefined): ArxivId {
  return version === undefined ? { id } : { id, version: Number(version) };
}

/** True for ids Paperboy made itself for papers that have no arXiv id. */
export function isLocalPaperId(id: string): boolean {
  return id.startsWith('local-');
}

export function arxivAbsUrl(id: string): string {
  return `https://arxiv.org/abs/${id}`;
}

export function arxivPdfUrl(id: string): string {
  return `https://arxiv.org/pdf/${id}`;
}

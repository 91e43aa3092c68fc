import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { AppError } from '../domain/errors.ts';

const ARRAY_ELEMENTS = new Set(['entry', 'author', 'link', 'category', 'record', 'version', 'setSpec']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  // Keep every value a string: "0704.0471" must stay an id, not become the number 704.0471.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => ARRAY_ELEMENTS.has(name),
});

/**
 * Parses XML after validating it, so that a truncated or malformed document is refused with
 * the place it breaks (`source:line:column`) instead of yielding half its records.
 */
export function parseXml(text: string, source: string): Record<string, unknown> {
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const { line, col, msg } = valid.err;
    // fast-xml-parser reports unclosed elements at 1:1 with the open path as a JSON array.
    const unclosed = /^Invalid '\[(.*)\]' found/s.exec(msg);
    if (unclosed) {
      const path = (JSON.parse(`[${unclosed[1]}]`) as string[]).map((name) => `<${name}>`).join(' > ');
      const lines = text.split('\n').length;
      throw new AppError('invalid_input', `${source}:${lines}: malformed XML: the document ends inside ${path} (truncated?)`);
    }
    throw new AppError('invalid_input', `${source}:${line}:${col}: malformed XML: ${msg}`);
  }
  return parser.parse(text) as Record<string, unknown>;
}

/** The text of an element that may carry attributes ({"#text": …}) or be absent. */
export function textOf(node: unknown): string | undefined {
  if (node === undefined || node === null) return undefined;
  if (typeof node === 'string') return node;
  if (typeof node === 'object' && '#text' in node) return String((node as Record<string, unknown>)['#text']);
  return undefined;
}

export function attrOf(node: unknown, name: string): string | undefined {
  if (node && typeof node === 'object') {
    const value = (node as Record<string, unknown>)[`@_${name}`];
    return value === undefined ? undefined : String(value);
  }
  return undefined;
}

export function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

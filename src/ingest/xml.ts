import { SaxesParser } from 'saxes';
import { AppError } from '../domain/errors.ts';

/** Elements that may repeat, so they always come back as arrays, even when there is one. */
const ARRAY_ELEMENTS = new Set(['entry', 'author', 'link', 'category', 'record', 'version', 'setSpec', 'item', 'day']);

type Node = Record<string, unknown>;

interface Frame {
  name: string;
  node: Node;
  text: string;
  hasContent: boolean;
}

const localName = (name: string): string => name.slice(name.indexOf(':') + 1);

/**
 * Parses XML with a strict, streaming parser into plain objects: each element becomes its
 * children keyed by local name (namespace prefixes dropped), attributes as "@_name", text as
 * "#text" (or the element is just its text when it has nothing else). A malformed or truncated
 * document is refused with the place it breaks (`source:line:column`) instead of yielding half
 * its records.
 */
export function parseXml(text: string, source: string): Node {
  const parser = new SaxesParser({ position: true });
  const root: Node = {};
  const stack: Frame[] = [{ name: '', node: root, text: '', hasContent: true }];
  let failure: string | undefined;
  parser.on('error', (err) => {
    failure ??= err.message;
  });
  parser.on('opentag', (tag) => {
    const node: Node = {};
    let hasAttributes = false;
    for (const [name, value] of Object.entries(tag.attributes as Record<string, string>)) {
      if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
      node[`@_${localName(name)}`] = value;
      hasAttributes = true;
    }
    stack.at(-1)!.hasContent = true;
    stack.push({ name: localName(tag.name), node, text: '', hasContent: hasAttributes });
  });
  const onText = (t: string) => {
    stack.at(-1)!.text += t;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    const frame = stack.pop()!;
    const text = frame.text.trim();
    let value: unknown = frame.node;
    if (!frame.hasContent) value = text;
    else if (text) frame.node['#text'] = text;
    addChild(stack.at(-1)!.node, frame.name, value);
  });
  try {
    parser.write(text).close();
  } catch (err) {
    failure ??= (err as Error).message;
  }
  if (failure) {
    const m = /^(\d+:\d+): (.*)$/s.exec(failure);
    throw new AppError('invalid_input', m ? `${source}:${m[1]}: malformed XML: ${m[2]}` : `${source}: malformed XML: ${failure}`);
  }
  return root;
}

function addChild(parent: Node, name: string, value: unknown): void {
  const existing = parent[name];
  if (ARRAY_ELEMENTS.has(name)) {
    if (Array.isArray(existing)) existing.push(value);
    else parent[name] = [value];
  } else if (existing === undefined) parent[name] = value;
  else if (Array.isArray(existing)) existing.push(value);
  else parent[name] = [existing, value];
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

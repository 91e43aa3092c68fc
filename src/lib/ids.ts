import { createHash } from 'node:crypto';

/**
 * A stable opaque id: 24 hex characters, the shape Hugging Face uses for `_id`. Derived from a
 * natural key, so the same author, organization or user gets the same id on every machine and
 * re-imports need no lookups.
 */
export function stableId(kind: string, key: string): string {
  return createHash('sha1').update(`${kind}\u0000${key}`).digest('hex').slice(0, 24);
}

import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { InterestModel, MemberModel, SparseVector } from './for-you.ts';

/**
 * A member's model as text, to be kept in the database beside the signals it was built from:
 * centroids as [term, weight] pairs (weights to five significant digits), dense centroids as
 * base64 float32, liked papers as [id, title]; the JSON deflated and in base64 (a model of a
 * member with 200 liked papers: about 7,000 terms, ~200 KB of JSON, a quarter of that stored).
 * Version 1; anything else reads as absent.
 */
const FORMAT = 1;

interface StoredInterest {
  terms: Array<[string, number]>;
  dense: string | null;
  papers: Array<[string, string]>;
}

interface StoredModel {
  v: number;
  interests: StoredInterest[];
  negative: { terms: Array<[string, number]>; dense: string | null } | null;
}

const round = (w: number) => Number(w.toPrecision(5));
const termsOut = (v: SparseVector): Array<[string, number]> => [...v].map(([t, w]) => [t, round(w)]);
const denseOut = (v: Float32Array | null): string | null => (v ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') : null);

function denseIn(text: string | null): Float32Array | null {
  if (text === null) return null;
  const bytes = Buffer.from(text, 'base64');
  // A copy: Buffer's pool offset need not be a multiple of 4.
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

export function encodeMemberModel(model: MemberModel): string {
  const stored: StoredModel = {
    v: FORMAT,
    interests: model.interests.map((i) => ({ terms: termsOut(i.sparse), dense: denseOut(i.dense), papers: i.papers.map((p) => [p.id, p.title]) })),
    negative: model.negative ? { terms: termsOut(model.negative.sparse), dense: denseOut(model.negative.dense) } : null,
  };
  return deflateRawSync(JSON.stringify(stored)).toString('base64');
}

/** The model in `text`, or undefined when it is not one this version wrote (it is then built again). */
export function decodeMemberModel(text: string): MemberModel | undefined {
  let stored: StoredModel;
  try {
    stored = JSON.parse(inflateRawSync(Buffer.from(text, 'base64')).toString('utf8')) as StoredModel;
  } catch {
    return undefined;
  }
  if (!stored || stored.v !== FORMAT || !Array.isArray(stored.interests)) return undefined;
  const interests: InterestModel[] = stored.interests.map((i) => ({
    sparse: new Map(i.terms),
    dense: denseIn(i.dense),
    papers: i.papers.map(([id, title]) => ({ id, title })),
  }));
  return { interests, negative: stored.negative ? { sparse: new Map(stored.negative.terms), dense: denseIn(stored.negative.dense) } : null };
}

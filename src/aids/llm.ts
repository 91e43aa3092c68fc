import type { PaperAids } from '../domain/paper.ts';

/** An operator's language model, spoken to as OpenAI's chat completions API (vLLM, llama.cpp, Ollama, OpenAI…). */
export interface LlmOptions {
  /** Base URL, e.g. http://localhost:11434/v1 (POST {url}/chat/completions). */
  url: string;
  model: string;
  apiKey?: string;
  timeoutMs: number;
}

export type LlmFailure = 'timeout' | 'rate_limited' | 'http' | 'garbage' | 'network';

/** Why a request gave no usable summary; `retryAfterMs` when the server asked to wait. */
export class LlmError extends Error {
  constructor(readonly kind: LlmFailure, message: string, readonly retryAfterMs?: number) {
    super(message);
    this.name = 'LlmError';
  }
}

export interface LlmAnswer {
  aids: PaperAids & { model: string };
  /** What the server said the request cost, or the bound of estimateTokens when it did not say. */
  tokens: number;
}

/** Characters of abstract sent at most: abstracts are short; this bounds a pathological one's cost. */
const MAX_ABSTRACT_CHARS = 4000;
/** Tokens the answer may take: a sentence and a few keywords. */
const MAX_ANSWER_TOKENS = 200;

const SYSTEM = 'You summarise research papers for a daily reading list. Answer with a JSON object only: ' +
  '{"summary": one plain sentence of at most 40 words saying what the paper contributes, without "This paper" or "The authors", ' +
  '"keywords": 3 to 8 short keyphrases from the paper\'s own words}.';

/**
 * What a request may cost at most: tokenizers spend a token per 3–4 characters of English, so
 * one per 2 characters is a safe bound, plus the answer's limit. The budget is claimed at this
 * bound before asking and settled at what the server reports, so the daily cap holds.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 2) + MAX_ANSWER_TOKENS;
}

export function promptFor(paper: { title: string; abstract: string }): string {
  return `Title: ${paper.title}\n\nAbstract: ${paper.abstract.slice(0, MAX_ABSTRACT_CHARS)}`;
}

/** Asks the model for a paper's summary and keywords. Throws LlmError. */
export async function summarizeWithLlm(options: LlmOptions, paper: { title: string; abstract: string }): Promise<LlmAnswer> {
  const url = `${options.url.replace(/\/+$/, '')}/chat/completions`;
  const prompt = promptFor(paper);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}) },
      body: JSON.stringify({
        model: options.model, temperature: 0, max_tokens: MAX_ANSWER_TOKENS,
        messages: [{ role: 'system', content: SYSTEM }, { role: 'user', content: prompt }],
      }),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (err) {
    const name = (err as Error).name;
    if (name === 'TimeoutError' || name === 'AbortError') throw new LlmError('timeout', `no answer from ${url} within ${options.timeoutMs} ms`);
    throw new LlmError('network', `could not reach ${url}: ${(err as Error).message}`);
  }
  if (response.status === 429) {
    await response.body?.cancel();
    throw new LlmError('rate_limited', `${url} answered 429 Too Many Requests`, retryAfterMs(response.headers.get('retry-after')));
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new LlmError('http', `${url} answered ${response.status}`);
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch (err) {
    if ((err as Error).name === 'TimeoutError') throw new LlmError('timeout', `no complete answer from ${url} within ${options.timeoutMs} ms`);
    throw new LlmError('garbage', `${url} answered something that is not JSON`);
  }
  const content = (body as { choices?: Array<{ message?: { content?: unknown } }> }).choices?.[0]?.message?.content;
  const usage = (body as { usage?: { total_tokens?: unknown } }).usage?.total_tokens;
  const aids = parseAnswer(typeof content === 'string' ? content : '');
  return {
    aids: { ...aids, model: options.model },
    tokens: typeof usage === 'number' && usage > 0 ? usage : estimateTokens(SYSTEM + prompt),
  };
}

/** Seconds or an HTTP date, as Retry-After allows; undefined when absent or unreadable. */
function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/**
 * The model's answer, checked: a JSON object (in a ```json fence or not) with a summary of one
 * sentence of 5–80 words and 3–8 keywords of at most 60 characters. Anything else is garbage.
 */
export function parseAnswer(content: string): Omit<PaperAids, 'model'> {
  const start = content.indexOf('{');
  const end = content.lastIndexOf('}');
  if (start < 0 || end < start) throw new LlmError('garbage', 'the model did not answer with a JSON object');
  let value: unknown;
  try {
    value = JSON.parse(content.slice(start, end + 1));
  } catch {
    throw new LlmError('garbage', 'the model answered with malformed JSON');
  }
  const { summary, keywords } = (value ?? {}) as { summary?: unknown; keywords?: unknown };
  if (typeof summary !== 'string') throw new LlmError('garbage', 'the answer has no "summary" string');
  const text = summary.replace(/\s+/g, ' ').trim();
  const words = text.split(' ').length;
  if (words < 5 || words > 80) throw new LlmError('garbage', `the summary has ${words} words (5–80 expected)`);
  if (!Array.isArray(keywords)) throw new LlmError('garbage', 'the answer has no "keywords" list');
  const clean = [...new Set(keywords.filter((k): k is string => typeof k === 'string').map((k) => k.replace(/\s+/g, ' ').trim()).filter((k) => k.length > 0 && k.length <= 60))];
  if (clean.length < 3) throw new LlmError('garbage', `the answer has ${clean.length} usable keywords (3–8 expected)`);
  return { summary: text, keywords: clean.slice(0, 8) };
}

import { loadConfig } from '../../src/config/config.ts';
import { parseSources, type SourceSpec } from '../../src/config/sources.ts';
import { createHttpClient } from '../../src/ingest/http.ts';
import assert from 'node:assert/strict';
import type { RunAttempt, SourceDeps } from '../../src/jobs/sources/run.ts';
import { silentLogger } from '../../src/lib/logger.ts';
import type { Store } from '../../src/store/db.ts';

/** Clients for local upstreams: no spacing, one quick retry. */
export function testClients(): SourceDeps['clients'] {
  const http = () => createHttpClient({ minIntervalMs: 0, retries: 1, retryBaseMs: 5, timeoutMs: 5000, userAgent: 'paperboy-test' });
  return { arxiv: http(), huggingFace: http(), github: http() };
}

export interface Upstreams {
  hf?: string;
  listing?: string;
  api?: string;
  oai?: string;
  github?: string;
}

/** Source deps talking to the given local servers, at a fixed time. */
export function sourceDeps(store: Store, upstreams: Upstreams, now: Date, env: Record<string, string> = {}): SourceDeps {
  const config = loadConfig({
    ...(upstreams.hf ? { HF_API_URL: upstreams.hf } : {}),
    ...(upstreams.listing ? { ARXIV_LISTING_URL: `${upstreams.listing}/rss` } : {}),
    ...(upstreams.api ? { ARXIV_API_URL: `${upstreams.api}/api/query` } : {}),
    ...(upstreams.oai ? { ARXIV_OAI_URL: `${upstreams.oai}/oai` } : {}),
    ...(upstreams.github ? { GITHUB_API_URL: upstreams.github } : {}),
    ...env,
  });
  return { store, config, logger: silentLogger(), clients: testClients(), now: () => now };
}

export function spec(text: string): SourceSpec {
  return parseSources(text)[0]!;
}

/** The attempt as a run that happened (failing the test, with what happened instead, if not). */
export function ran(attempt: RunAttempt): Extract<RunAttempt, { ran: unknown }> {
  assert.ok('ran' in attempt, `expected a run, got ${JSON.stringify(attempt)}`);
  return attempt;
}

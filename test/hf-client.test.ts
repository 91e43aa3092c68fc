import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { startServer, type RunningServer } from './helpers/server.ts';

/**
 * The Hugging Face reference client, huggingface_hub's HfApi, pointed at a running Paperboy.
 * .ci/run installs it into .tmp/hf-venv from the machine's local wheel store; HF_PYTHON may
 * name another interpreter that has it.
 */
const python = process.env.HF_PYTHON ?? fileURLToPath(new URL('../.tmp/hf-venv/bin/python', import.meta.url));
const skip = existsSync(python) ? false : `needs a Python with huggingface_hub at ${python} (.ci/run makes it; or set HF_PYTHON)`;

const SCRIPT = `
import json, sys
from huggingface_hub import HfApi
api = HfApi(endpoint=sys.argv[1])
day = list(api.list_daily_papers(date="2026-03-17"))
recent = list(api.list_daily_papers(limit=5))
month = list(api.list_daily_papers(month="2026-02", limit=100))
week = list(api.list_daily_papers(week="2026-W12"))
trending = list(api.list_daily_papers(sort="trending", limit=10))
info = api.paper_info("2511.06307")
search = list(api.list_papers(query="Astrolabe distilled video"))
print(json.dumps({
  "search": [{"id": p.id, "title": p.title} for p in search],
  "day": [{"id": p.id, "title": p.title, "upvotes": p.upvotes, "authors": [a.name for a in (p.authors or [])], "submitted_at": p.submitted_at.isoformat() if p.submitted_at else None, "ai_summary": p.ai_summary, "ai_keywords": p.ai_keywords} for p in day],
  "recent": len(recent),
  "month": len(month),
  "week": [p.id for p in week],
  "trending": [p.id for p in trending],
  "info": {"id": info.id, "title": info.title, "authors": len(info.authors or []), "org": info.organization.fullname if info.organization else None, "published_at": info.published_at.isoformat() if info.published_at else None, "ai_summary": info.ai_summary, "ai_keywords": info.ai_keywords},
}))
`;

describe('the Hugging Face reference client against Paperboy', { skip }, () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server?.stop());

  it('lists daily papers by day, week and month, newest first and trending, reads a paper with its summary and keywords, and searches', async () => {
    const { stdout } = await promisify(execFile)(python, ['-c', SCRIPT, server.url]);
    const read = JSON.parse(stdout);
    assert.ok(read.day.length >= 1);
    const astrolabe = read.day.find((p: { id: string }) => p.id === '2603.17051');
    assert.equal(astrolabe.title, 'Astrolabe: Steering Forward-Process Reinforcement Learning for Distilled Autoregressive Video Models');
    assert.equal(astrolabe.upvotes, 7);
    assert.equal(astrolabe.authors.length, 9);
    assert.match(astrolabe.submitted_at, /^2026-03-17T00:00:00/);
    assert.equal(read.recent, 5);
    assert.ok(read.month > 0);
    assert.ok(read.week.includes('2603.17051'));
    assert.equal(read.trending.length, 10);
    assert.equal(read.info.id, '2511.06307');
    assert.equal(read.info.org, 'Tencent');
    assert.equal(read.info.authors, 6);
    assert.equal(astrolabe.ai_summary, 'We present Astrolabe, an efficient online RL framework tailored for distilled AR models.', 'PaperInfo.ai_summary');
    assert.ok(astrolabe.ai_keywords.length >= 3 && astrolabe.ai_keywords.length <= 8, 'PaperInfo.ai_keywords');
    assert.ok(read.info.ai_summary.length > 20 && read.info.ai_keywords.length >= 3, 'paper_info reads them too');
    assert.equal(read.search[0].id, '2603.17051');
    assert.match(read.search[0].title, /^Astrolabe/);
  });
});

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { runCli } from './helpers/cli.ts';
import { startServer, type RunningServer } from './helpers/server.ts';

/** huggingface_hub's HfApi collections calls against a running Paperboy, with a Paperboy API token as the HF token. */
const python = process.env.HF_PYTHON ?? fileURLToPath(new URL('../.tmp/hf-venv/bin/python', import.meta.url));
const skip = existsSync(python) ? false : `needs a Python with huggingface_hub at ${python} (.ci/run makes it; or set HF_PYTHON)`;

const SCRIPT = `
import json, sys
from huggingface_hub import HfApi
from huggingface_hub.errors import HfHubHTTPError
api = HfApi(endpoint=sys.argv[1], token=sys.argv[2])
other = HfApi(endpoint=sys.argv[1], token=sys.argv[3])
me = api.whoami()
c = api.create_collection(title="Video generation", description="What we read", private=False)
again = api.create_collection(title="Video generation", exists_ok=True)
c = api.add_collection_item(c.slug, item_id="2603.17051", item_type="paper", note="Start here")
c = api.add_collection_item(c.slug, item_id="2511.06307", item_type="paper")
c = api.add_collection_item(c.slug, item_id="2511.06307", item_type="paper", exists_ok=True)
api.update_collection_item(c.slug, c.items[1].item_object_id, position=0, note="Now first")
c = api.get_collection(c.slug)
order = [(i.item_id, i.item_type, i.position, i.note) for i in c.items]
api.delete_collection_item(c.slug, c.items[0].item_object_id)
after_delete = [i.item_id for i in api.get_collection(c.slug).items]
updated = api.update_collection_metadata(c.slug, title="Video models", description="Renamed", private=True)
hidden = None
try:
    other.get_collection(updated.slug)
except HfHubHTTPError as e:
    hidden = e.response.status_code
mine = [x.slug for x in api.list_collections(owner=me["name"])]
theirs = [x.slug for x in other.list_collections(owner=me["name"])]
api.update_collection_metadata(updated.slug, private=False)
including = [x.slug for x in other.list_collections(item="papers/2603.17051", sort="upvotes", limit=5)]
bad = None
try:
    api.add_collection_item(updated.slug, item_id="2601.99999", item_type="paper")
except HfHubHTTPError as e:
    bad = e.response.status_code
api.delete_collection(updated.slug)
api.delete_collection(updated.slug, missing_ok=True)
print(json.dumps({"me": me["name"], "slug": c.slug, "again": again.slug, "order": order, "after_delete": after_delete,
  "updated": [updated.title, updated.description, updated.private, updated.slug], "hidden": hidden, "mine": mine, "theirs": theirs,
  "including": including, "bad": bad, "url": c.url}))
`;

async function memberToken(server: RunningServer, username: string): Promise<string> {
  const env = { DATABASE_URL: server.databaseUrl };
  const created = await runCli(['user', 'create', username, `${username}@example.org`], env, 'correct horse battery staple\n');
  assert.equal(created.code, 0, created.stderr);
  const issued = await runCli(['user', 'token', username, '--name', 'hf client'], env);
  assert.equal(issued.code, 0, issued.stderr);
  return issued.stdout.trim();
}

describe('the Hugging Face reference client managing collections on Paperboy', { skip }, () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server?.stop());

  it('creates, fills, reorders, annotates, renames, hides, lists and deletes a collection with a Paperboy token', async () => {
    const [ada, bob] = [await memberToken(server, 'ada'), await memberToken(server, 'bob')];
    assert.match(ada, /^pb_\S+$/);
    const { stdout } = await promisify(execFile)(python, ['-c', SCRIPT, server.url, ada, bob]);
    const r = JSON.parse(stdout);
    assert.equal(r.me, 'ada');
    assert.match(r.slug, /^ada\/video-generation-[0-9a-f]{24}$/);
    assert.equal(r.again, r.slug);
    assert.deepEqual(r.order, [['2511.06307', 'paper', 0, 'Now first'], ['2603.17051', 'paper', 1, 'Start here']]);
    assert.deepEqual(r.after_delete, ['2603.17051']);
    assert.deepEqual(r.updated.slice(0, 3), ['Video models', 'Renamed', true]);
    assert.match(r.updated[3], /^ada\/video-models-/);
    assert.equal(r.hidden, 404);
    assert.ok(r.mine.includes(r.updated[3]));
    assert.deepEqual(r.theirs, []);
    assert.deepEqual(r.including, [r.updated[3]]);
    assert.equal(r.bad, 404);
    assert.equal(r.url, `${server.url}/collections/${r.slug}`);
  });
});

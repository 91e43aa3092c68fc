import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSources } from './sources.ts';

describe('parseSources', () => {
  it('reads the comma-separated form with per-source settings and fills in each kind\'s defaults', () => {
    const specs = parseSources('hf-daily, arxiv:cs.CL+cs.LG?feed=on&schedule=15+1+*+*+1-5&backfill=3 ,oai-pmh:physics:hep-th,github-stars');
    assert.deepEqual(specs.map((s) => [s.name, s.kind, s.args, s.schedule, s.feed, s.backfillDays]), [
      ['hf-daily', 'hf-daily', [], '*/30 * * * *', true, 7],
      ['arxiv:cs.CL+cs.LG', 'arxiv', ['cs.CL', 'cs.LG'], '15 1 * * 1-5', true, 3],
      ['oai-pmh:physics:hep-th', 'oai-pmh', ['physics:hep-th'], '40 2 * * *', false, 7],
      ['github-stars', 'github-stars', [], '50 * * * *', false, 0],
    ]);
  });

  it('reads the JSON array form of the config file', () => {
    const [hf, arxiv] = parseSources(JSON.stringify(['hf-daily', { source: 'arxiv:cs.CV', feed: true, schedule: '0 2 * * *' }]));
    assert.equal(hf!.name, 'hf-daily');
    assert.deepEqual([arxiv!.name, arxiv!.feed, arxiv!.schedule], ['arxiv:cs.CV', true, '0 2 * * *']);
  });

  it('is empty when nothing is configured', () => {
    assert.deepEqual(parseSources(undefined), []);
    assert.deepEqual(parseSources('  '), []);
  });

  for (const [text, message] of [
    ['rss-everything', /"rss-everything": unknown source; expected hf-daily, arxiv:<categories>, oai-pmh:<set> or github-stars/],
    ['arxiv:', /name the categories/],
    ['arxiv:cs.CL+DROP TABLE', /"DROP TABLE" is not an arXiv category/],
    ['hf-daily:x', /hf-daily takes no argument/],
    ['oai-pmh:', /name the OAI-PMH set/],
    ['hf-daily?schedule=every+day', /schedule "every day" is not a cron expression/],
    ['github-stars?feed=on', /github-stars does not put papers on the feed/],
    ['hf-daily?backfill=-1', /backfill must be a whole number of days/],
    ['hf-daily?colour=blue', /unknown setting colour/],
    ['hf-daily,hf-daily', /hf-daily is listed twice/],
    ['[1]', /entry 1: expected "name"/],
  ] as const) {
    it(`refuses ${JSON.stringify(text)} and says why`, () => {
      assert.throws(() => parseSources(text), message);
    });
  }
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkText, collectionIdOf, collectionSlug, followKey, slugWords } from './collections.ts';

describe('collection slugs', () => {
  it('are the owner, the title in lower-case words and the id, as Hugging Face writes them', () => {
    assert.equal(collectionSlug('ada', 'Reading group: Über-long contexts!', '0123456789abcdef01234567'), 'ada/reading-group-uber-long-contexts-0123456789abcdef01234567');
  });
  it('give their id back, and nothing for a slug without one', () => {
    assert.equal(collectionIdOf('ada/reading-group-0123456789abcdef01234567'), '0123456789abcdef01234567');
    assert.equal(collectionIdOf('ada/reading-group'), undefined);
  });
  it('fall back to "collection" for a title with no letters or digits', () => {
    assert.equal(slugWords('✨✨'), 'collection');
  });
});

describe('texts and follow keys', () => {
  it('refuse an empty required text and an overlong one, saying how long it was', () => {
    assert.equal(checkText('Title', '  ', { max: 10, required: true }), 'Title is required.');
    assert.match(checkText('Title', 'x'.repeat(10_000), { max: 120, required: true }) ?? '', /10,000 characters; at most 120/);
    assert.equal(checkText('Note', '', { max: 10, required: false }), undefined);
  });
  it('keep categories as arXiv writes them and keywords lower-cased with single spaces', () => {
    assert.equal(followKey('category', 'cs.CL'), 'cs.CL');
    assert.equal(followKey('category', 'not a category'), undefined);
    assert.equal(followKey('keyword', '  Diffusion   Models '), 'diffusion models');
    assert.equal(followKey('keyword', 'x'.repeat(61)), undefined);
  });
});

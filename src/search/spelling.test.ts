import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { editDistance, Vocabulary } from './spelling.ts';

describe('spelling correction', () => {
  const vocabulary = new Vocabulary();
  vocabulary.addText('Grandmaster-Level Chess Without Search');
  vocabulary.addText('The Unreasonable Ineffectiveness of the Deeper Layers');
  vocabulary.addText('Search engines search; researchers research');

  it('counts a transposition as one edit and stops at the limit', () => {
    assert.equal(editDistance('serach', 'search', 3), 1);
    assert.equal(editDistance('kitten', 'sitting', 5), 3);
    assert.equal(editDistance('abc', 'xyz', 2), 2);
  });

  it('corrects a misspelt word to the closest title word', () => {
    assert.equal(vocabulary.correct('serach'), 'search');
    assert.equal(vocabulary.correct('inefectiveness'), 'ineffectiveness');
    assert.equal(vocabulary.correct('grandmastr'), 'grandmaster');
  });

  it('takes the first letter as typed, or swapped with the second', () => {
    vocabulary.addText('Training at scale');
    assert.equal(vocabulary.correct('saining'), undefined, 'a name is not read as a common word two edits away');
    assert.equal(vocabulary.correct('traning'), 'training');
    assert.equal(vocabulary.correct('esarch'), 'search');
  });

  it('leaves short words, numbers and words too far from any title word alone', () => {
    assert.equal(vocabulary.correct('chs'), undefined, 'three letters are too few to guess from');
    assert.equal(vocabulary.correct('cess'), 'chess', 'four letters may be one edit off');
    assert.equal(vocabulary.correct('2401'), undefined);
    assert.equal(vocabulary.correct('xylophone'), undefined);
    assert.ok(vocabulary.has('chess'));
  });
});

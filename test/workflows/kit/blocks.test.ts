import { describe, expect, it } from 'vitest';
import {
  actions,
  BLOCKS_PER_MESSAGE,
  clip,
  context,
  escapeMrkdwn,
  lineSections,
  message,
  section,
  SECTION_LIMIT,
} from '../../../src/workflows/kit/blocks.js';
import { blockKitProblems } from '../../support/block-kit.js';

describe('Block Kit builders', () => {
  it('clips a long section to 3,000 characters and says so', () => {
    const block = section('x'.repeat(5000)) as { text: { text: string } };

    expect(block.text.text).toHaveLength(SECTION_LIMIT);
    expect(block.text.text.endsWith('… (cut)')).toBe(true);
    expect(clip('short')).toBe('short');
  });

  it('keeps at most ten context elements', () => {
    const block = context(...Array.from({ length: 12 }, (_, i) => `e${i}`)) as { elements: unknown[] };

    expect(block.elements).toHaveLength(10);
  });

  it('packs lines into as few sections as the limit allows without splitting one', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `${i} ${'y'.repeat(96)}`);

    const blocks = lineSections(lines);

    expect(blocks.length).toBe(4);
    const texts = blocks.map((b) => (b as { text: { text: string } }).text.text);
    expect(texts.join('\n').split('\n')).toEqual(lines);
  });

  it('keeps a message within 50 blocks, the last block (the buttons) included', () => {
    const buttons = actions('b', [{ actionId: 'a', text: 'Go', value: '1' }]);
    const blocks = [...Array.from({ length: 80 }, (_, i) => section(`line ${i}`)), buttons];

    const built = message('many', blocks);

    expect(built.blocks).toHaveLength(BLOCKS_PER_MESSAGE);
    expect(built.blocks!.at(-1)).toBe(buttons);
    expect(JSON.stringify(built.blocks!.at(-2))).toContain('…and 32 more blocks left out.');
    expect(blockKitProblems({ type: 'message', blocks: built.blocks })).toEqual([]);
  });

  it('leaves a message within the limit as it is', () => {
    const blocks = [section('one'), context('two')];

    expect(message('few', blocks)).toEqual({ text: 'few', blocks });
  });

  it('escapes mrkdwn so that user text cannot mention or link', () => {
    expect(escapeMrkdwn('<!channel> & <http://x|y>')).toBe('&lt;!channel&gt; &amp; &lt;http://x|y&gt;');
  });
});

import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.js';
import { HtanChecklists } from '../../src/store/htan-checklists.js';

describe('HtanChecklists', () => {
  it('keeps one checklist per center and channel, with who ticked what and when', () => {
    const checklists = new HtanChecklists(openDatabase(':memory:'));

    checklists.tick('C1', 'HTA209', { item: 'phi', by: 'U1', at: 10, note: 'R4: a.csv passed the PHI scan' });
    checklists.tick('C1', 'HTA209', { item: 'liaison', by: 'U2', at: 20, note: null });
    checklists.tick('C2', 'HTA209', { item: 'certified', by: 'U3', at: 30, note: null });

    expect(checklists.get('C1', 'HTA209')).toEqual({
      channelId: 'C1',
      center: 'HTA209',
      messageTs: null,
      ticks: [
        { item: 'phi', by: 'U1', at: 10, note: 'R4: a.csv passed the PHI scan' },
        { item: 'liaison', by: 'U2', at: 20, note: null },
      ],
    });
    expect(checklists.get('C2', 'HTA209').ticks.map((t) => t.item)).toEqual(['certified']);
    expect(checklists.get('C1', 'HTA4')).toEqual({ channelId: 'C1', center: 'HTA4', messageTs: null, ticks: [] });
  });

  it('lets the latest tick stand, unticks, and remembers the message to update', () => {
    const checklists = new HtanChecklists(openDatabase(':memory:'));
    checklists.open('C1', 'HTA209', 1);
    checklists.setMessage('C1', 'HTA209', '1700000000.000001');

    checklists.tick('C1', 'HTA209', { item: 'phi', by: 'U1', at: 10, note: 'first' });
    checklists.tick('C1', 'HTA209', { item: 'phi', by: 'U2', at: 20, note: 'second' });
    checklists.tick('C1', 'HTA209', { item: 'liaison', by: 'U1', at: 21, note: null });
    checklists.untick('C1', 'HTA209', 'liaison', 30);

    expect(checklists.get('C1', 'HTA209')).toMatchObject({
      messageTs: '1700000000.000001',
      ticks: [{ item: 'phi', by: 'U2', at: 20, note: 'second' }],
    });
  });

  it('lists a channel’s centers, the most recently changed first', () => {
    const checklists = new HtanChecklists(openDatabase(':memory:'));
    checklists.open('C1', 'HTA4', 1);
    checklists.open('C1', 'HTA209', 2);
    checklists.open('C2', 'HTA1', 3);
    checklists.untick('C1', 'HTA4', 'phi', 4);

    expect(checklists.centers('C1')).toEqual(['HTA4', 'HTA209']);
    expect(checklists.centers('C3')).toEqual([]);
  });
});

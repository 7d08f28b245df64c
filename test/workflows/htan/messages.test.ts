import { describe, expect, it } from 'vitest';
import { CHECKLIST_ITEMS, checklistMessage, parseToggle, toggleValue } from '../../../src/workflows/htan/checklist.js';
import { checkMetadataFile } from '../../../src/workflows/htan/check-file.js';
import { certificationMessage, findingsFileName, reportMessage } from '../../../src/workflows/htan/messages.js';
import { csvFile, PLANTED_PHI } from '../../support/htan-files.js';

function texts(blocks: unknown[] = []): string[] {
  return (JSON.stringify(blocks).match(/"text":"(?:[^"\\]|\\.)*"/g) ?? []).map(
    (t) => JSON.parse(t.slice('"text":'.length)) as string,
  );
}

describe('reportMessage', () => {
  it('stays within Slack’s limits with thousands of findings and escapes what the file names', async () => {
    const header = ['<!channel> `Notes`', ...Array.from({ length: 60 }, (_, i) => `Measure ${'x'.repeat(200)} ${i}`)];
    const rows = [header, ...Array.from({ length: 300 }, () => header.map(() => PLANTED_PHI))];
    const report = await checkMetadataFile(csvFile('many.csv', rows), {
      maxWorkbookBytes: 1,
      currentYear: 2026,
      keepFindings: 5000,
    });

    const message = reportMessage(report);

    const all = texts(message.blocks);
    expect(message.blocks!.length).toBeLessThanOrEqual(50);
    expect(Math.max(...all.map((t) => t.length))).toBeLessThanOrEqual(3000);
    expect(all.join('\n').length).toBeLessThan(13_000);
    expect(all.join('\n')).not.toContain('<!channel>');
    expect(all.join('\n')).toContain('row 2, `&lt;!channel&gt; ˋNotesˋ`: e-mail address');
    expect(JSON.stringify(message)).not.toContain(PLANTED_PHI);
    expect(all.at(-1)).toContain('The first 20 of 18,301 findings are listed; the attached CSV has the first 5,000');
  });

  it('names the findings file after the checked file, safely', () => {
    expect(findingsFileName('clinical HTA209 (v2).xlsx')).toBe('htan-findings-clinical_HTA209_v2_.csv');
  });
});

describe('checklistMessage', () => {
  it('shows every item, who ticked it and when, and one toggle per item', () => {
    const message = checklistMessage({
      channelId: 'C1',
      center: 'HTA209',
      messageTs: null,
      ticks: [{ item: 'phi', by: 'U1', at: 1_700_000_000_000, note: 'R4: <a.csv> passed the PHI scan' }],
    });

    const all = texts(message.blocks).join('\n');
    expect(message.text).toBe('HTAN pre-submission checklist — HTA209 (1 of 4 done)');
    expect(all).toContain('Ticked by <@U1> <!date^1700000000^');
    expect(all).toContain('R4: &lt;a.csv&gt; passed the PHI scan');
    const buttons = (message.blocks!.at(-1) as { elements: { action_id: string; value: string }[] }).elements;
    expect(buttons.map((b) => b.action_id)).toEqual(CHECKLIST_ITEMS.map((i) => `htan_checklist_toggle_${i.id}`));
    expect(parseToggle(buttons[3]!.value)).toEqual({ channelId: 'C1', center: 'HTA209', item: 'phi', tick: false });
    expect(parseToggle(buttons[0]!.value)).toMatchObject({ item: 'certified', tick: true });
  });

  it('reads no toggle from a value it did not make', () => {
    expect(parseToggle('not json')).toBeUndefined();
    expect(parseToggle(JSON.stringify({ c: 'C1', h: 'HTA209', i: 'dance' }))).toBeUndefined();
    expect(parseToggle(JSON.stringify({ c: 'C1', h: 'HTA209', i: 'phi' }))).toBeUndefined();
    const toggle = { channelId: 'C1', center: 'HTA4', item: 'liaison', tick: true } as const;
    expect(parseToggle(toggleValue(toggle))).toEqual(toggle);
  });
});

describe('certificationMessage', () => {
  it('says each outcome plainly', () => {
    expect(certificationMessage('jdoe', '42', { status: 'certified' })).toBe(
      ':white_check_mark: Synapse user `jdoe` (id 42) is a Certified User: they may upload to Synapse.',
    );
    expect(certificationMessage('42', '42', { status: 'failed' })).toBe(
      ':x: Synapse user `42` took the Certified User quiz and did not pass. They can take it again from their Synapse profile.',
    );
  });
});

import {
  CHECKLIST_ACTION,
  CHECKLIST_ITEMS,
  checklistMessage,
  isTicked,
  parseToggle,
} from '../workflows/htan/checklist.js';
import { refused, type ClickHandler } from './clicks.js';
import type { HtanCommandDeps } from './htan-deps.js';

/** The checklist's Tick/Untick buttons: anyone in the channel may press them; the message is redrawn in place. */
export function htanChecklistButtons(deps: HtanCommandDeps): ClickHandler[] {
  return CHECKLIST_ITEMS.map((item) => ({
    id: `${CHECKLIST_ACTION}_${item.id}`,
    audit: `button ${CHECKLIST_ACTION}`,
    authorise: () => undefined,
    handle(click) {
      const target = parseToggle(click.value);
      if (!target) {
        return refused('This checklist button is out of date: run `/htan checklist` again.', 'refused: bad value', {
          subject: item.id,
        });
      }
      const { channelId, center } = target;
      const already = isTicked(deps.checklists.get(channelId, center), target.item) === target.tick;
      // Already as the button wanted (an older copy of the checklist): it is redrawn as things stand, nothing undone.
      if (!already && target.tick) {
        deps.checklists.tick(channelId, center, { item: target.item, by: click.userId, at: click.now, note: null });
      }
      if (!already && !target.tick) deps.checklists.untick(channelId, center, target.item, click.now);
      const updated = checklistMessage(deps.checklists.get(channelId, center));
      return {
        outcome: already ? `already ${target.tick ? 'ticked' : 'unticked'}` : target.tick ? 'ticked' : 'unticked',
        subject: `${center} ${target.item}`,
        response: { replace_original: true, ...updated },
      };
    },
  }));
}

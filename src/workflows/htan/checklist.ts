import type { SlackGateway, ThreadMessage } from '../../integrations/slack.js';
import type { Checklist, ChecklistTick, HtanChecklists } from '../../store/htan-checklists.js';
import { actions, context, escapeMrkdwn, message, section, type Button } from '../kit/blocks.js';
import { slackDate } from '../kit/wording.js';

/** The HTAN Manual's pre-submission tasks (htan-submission-rules.md §5), in its order. */
export const CHECKLIST_ITEMS = [
  {
    id: 'certified',
    short: 'Certified user',
    label: 'At least one Synapse Certified User on the team (current terms of service accepted, 2FA on)',
    how: '`/htan certified <synapse user>` ticks it when Synapse says so.',
  },
  {
    id: 'liaison',
    short: 'Liaison contacted',
    label: 'Data liaison contacted (after certifying)',
    how: 'Find yours in the HTAN Manual: docs.humantumoratlas.org → Data Submission → Data Liaisons.',
  },
  {
    id: 'data-model',
    short: 'Data model and IDs',
    label: 'Dataset conforms to the HTAN data model and uses HTAN identifiers',
    how: '`/htan check` reports identifier problems; a new data type needs the liaison first.',
  },
  {
    id: 'phi',
    short: 'No PHI',
    label: 'No PHI: no dates (metadata dates as days from birth), ages over 89 aggregated, image headers scrubbed',
    how: 'Ticked when a `/htan check` of this center’s file finds no PHI that blocks.',
  },
] as const;

export type ChecklistItem = (typeof CHECKLIST_ITEMS)[number]['id'];

/** The button that ticks or unticks an item; its value names the channel, center, item and what it does. */
export const CHECKLIST_ACTION = 'htan_checklist_toggle';

export interface ChecklistToggle {
  channelId: string;
  center: string;
  item: ChecklistItem;
  /** What the button said: a click on an older copy of the checklist must not undo what it did not show. */
  tick: boolean;
}

export function toggleValue(toggle: ChecklistToggle): string {
  return JSON.stringify({ c: toggle.channelId, h: toggle.center, i: toggle.item, t: toggle.tick });
}

export function parseToggle(value: string): ChecklistToggle | undefined {
  try {
    const { c, h, i, t } = JSON.parse(value) as Record<string, unknown>;
    const item = CHECKLIST_ITEMS.find((it) => it.id === i)?.id;
    return typeof c === 'string' && typeof h === 'string' && item && typeof t === 'boolean'
      ? { channelId: c, center: h, item, tick: t }
      : undefined;
  } catch {
    return undefined;
  }
}

/** The checklist as an interactive message: each item with who ticked it and when, and a button to change it. */
export function checklistMessage(checklist: Checklist): ThreadMessage {
  const ticks = new Map(checklist.ticks.map((t) => [t.item, t]));
  const done = CHECKLIST_ITEMS.filter((item) => ticks.has(item.id)).length;
  const lines = CHECKLIST_ITEMS.map((item) => {
    const tick = ticks.get(item.id);
    if (!tick) return `:white_large_square: *${item.label}*\n${item.how}`;
    const note = tick.note ? ` — ${escapeMrkdwn(tick.note)}` : '';
    return `:white_check_mark: *${item.label}*\nTicked by <@${tick.by}> ${slackDate(tick.at)}${note}`;
  });
  const buttons: Button[] = CHECKLIST_ITEMS.map((item) => ({
    actionId: `${CHECKLIST_ACTION}_${item.id}`,
    text: `${ticks.has(item.id) ? 'Untick' : 'Tick'}: ${item.short}`,
    value: toggleValue({
      channelId: checklist.channelId,
      center: checklist.center,
      item: item.id,
      tick: !ticks.has(item.id),
    }),
  }));
  const title = `HTAN pre-submission checklist — ${checklist.center} (${done} of ${CHECKLIST_ITEMS.length} done)`;
  return message(title, [
    section(`*${title}*`),
    ...lines.map((line) => section(line)),
    context('Anyone in this channel may tick an item. `/htan checklist` shows it again.'),
    actions(`htan_checklist_${checklist.center}`, buttons),
  ]);
}

export interface ChecklistDeps {
  checklists: HtanChecklists;
  slack: Pick<SlackGateway, 'update'>;
}

/**
 * Ticks (or, with `tick` undefined, unticks) an item, and refreshes the checklist message last posted for that center,
 * if any. Returns whether that message now shows it: a failed edit is not an error, the store holds the truth.
 */
export async function markItem(
  deps: ChecklistDeps,
  where: { channelId: string; center: string; item: ChecklistItem; now: number },
  tick: Omit<ChecklistTick, 'item'> | undefined,
): Promise<boolean> {
  const { channelId, center, item } = where;
  if (tick) deps.checklists.tick(channelId, center, { ...tick, item });
  else deps.checklists.untick(channelId, center, item, where.now);
  const checklist = deps.checklists.get(channelId, center);
  if (!checklist.messageTs) return false;
  return deps.slack.update(channelId, checklist.messageTs, checklistMessage(checklist)).then(
    () => true,
    () => false,
  );
}

export function isTicked(checklist: Checklist, item: ChecklistItem): boolean {
  return checklist.ticks.some((t) => t.item === item);
}

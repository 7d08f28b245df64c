import type { Block, ThreadMessage } from '../../integrations/slack.js';

/** Slack's limits on a message (reference/slack-platform.md §2.5). */
export const SECTION_LIMIT = 3000;
export const BLOCKS_PER_MESSAGE = 50;
const CONTEXT_ELEMENTS = 10;

/** Clips text to a Block Kit limit, saying that it was clipped. */
export function clip(text: string, limit = SECTION_LIMIT): string {
  if (text.length <= limit) return text;
  const marker = '… (cut)';
  return text.slice(0, limit - marker.length) + marker;
}

export function section(text: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text: clip(text) } };
}

export function context(...elements: string[]): Block {
  return {
    type: 'context',
    elements: elements.slice(0, CONTEXT_ELEMENTS).map((text) => ({ type: 'mrkdwn', text: clip(text) })),
  };
}

export interface Button {
  actionId: string;
  text: string;
  value: string;
  style?: 'primary' | 'danger';
  confirm?: { title: string; text: string; confirm: string; deny: string };
}

export function actions(blockId: string, buttons: Button[]): Block {
  return {
    type: 'actions',
    block_id: blockId,
    elements: buttons.map((b) => ({
      type: 'button',
      action_id: b.actionId,
      text: { type: 'plain_text', text: b.text },
      value: b.value,
      ...(b.style ? { style: b.style } : {}),
      ...(b.confirm
        ? {
            confirm: {
              title: { type: 'plain_text', text: b.confirm.title },
              text: { type: 'mrkdwn', text: b.confirm.text },
              confirm: { type: 'plain_text', text: b.confirm.confirm },
              deny: { type: 'plain_text', text: b.confirm.deny },
            },
          }
        : {}),
    })),
  };
}

/**
 * A message within Slack's 50-block limit: past it, the blocks in the middle give way to one line saying how many
 * were left out, and the last block (often the buttons) stays.
 */
export function message(text: string, blocks: readonly Block[]): ThreadMessage {
  if (blocks.length <= BLOCKS_PER_MESSAGE) return { text, blocks: [...blocks] };
  const kept = blocks.slice(0, BLOCKS_PER_MESSAGE - 2);
  const left = blocks.length - kept.length - 1;
  return { text, blocks: [...kept, context(`…and ${left} more blocks left out.`), blocks[blocks.length - 1]!] };
}

/** Lines as few section blocks as the 3,000-character limit allows, never splitting a line. */
export function lineSections(lines: readonly string[], limit = SECTION_LIMIT): Block[] {
  const blocks: Block[] = [];
  let current = '';
  for (const line of lines) {
    const clipped = clip(line, limit);
    if (current && current.length + 1 + clipped.length > limit) {
      blocks.push(section(current));
      current = '';
    }
    current = current ? `${current}\n${clipped}` : clipped;
  }
  if (current) blocks.push(section(current));
  return blocks;
}

/** Escapes text for mrkdwn so user input cannot form mentions or links. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** How much of a person's text a message quotes back. */
const QUOTED_LIMIT = 100;

/**
 * A person's text quoted back in a code span: escaped (Slack shows `<!channel>` as a ping even inside a code span),
 * its backticks made harmless so that it cannot close the span, and a long text cut.
 */
export function quote(text: string): string {
  const shown = text.length > QUOTED_LIMIT ? `${text.slice(0, QUOTED_LIMIT)}…` : text;
  return `\`${escapeMrkdwn(shown).replace(/`/g, 'ˋ')}\``;
}

/**
 * A message's fallback `text` from its mrkdwn: bold and code marks dropped, escapes kept (Slack reads the fallback as
 * markup too, for notifications, so an escaped `&lt;!channel&gt;` must stay escaped).
 */
export function fallbackText(mrkdwn: string): string {
  return mrkdwn.replace(/[*`]/g, '');
}

/** Slack markup as plain text, for uploaded files and form errors. */
export function plainText(mrkdwn: string): string {
  return mrkdwn
    .replace(/[*`]/g, '')
    .replace(/<([@#])([A-Z0-9]+)>/g, '$1$2')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

export function threadLink(channelId: string, ts: string): string {
  return `https://slack.com/archives/${channelId}/p${ts.replace('.', '')}`;
}

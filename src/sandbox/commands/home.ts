import { z } from 'zod';
import { defineSandboxCommand } from './sandbox-command.js';

const HOME_WAIT_MS = 5000;

interface ViewBlock {
  type: string;
  text?: { text: string };
  elements?: { text?: string }[];
}

/** `/sandbox home`: opens the bot's App Home tab as the current user and shows what the bot published there. */
export const homeCommand = defineSandboxCommand({
  name: 'home',
  usage: '',
  summary: 'Open the App Home tab as the current user and show it.',
  args: z.tuple([]),
  async run(_args, { stack, user }) {
    const published = () => stack.slack.callsTo('views.publish').filter((c) => c.args.user_id === user).length;
    const before = published();
    await stack.requester.openHome(user);
    const deadline = Date.now() + HOME_WAIT_MS;
    while (published() === before && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    const view = stack.slack.homeViews.get(user) as { blocks?: ViewBlock[] } | undefined;
    if (!view) return `The bot published no App Home for \`${user}\` within ${HOME_WAIT_MS / 1000} s.`;
    return [`*App Home of ${user}*`, ...(view.blocks ?? []).map(blockText)].join('\n');
  },
});

function blockText(block: ViewBlock): string {
  if (block.type === 'header') return `*${block.text?.text ?? ''}*`;
  if (block.type === 'context') return `_${(block.elements ?? []).map((e) => e.text ?? '').join(' · ')}_`;
  return block.text?.text ?? `[${block.type}]`;
}

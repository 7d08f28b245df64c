import type { SlackGateway } from '../integrations/slack.js';
import type { HtanChecklists } from '../store/htan-checklists.js';

/** What `/htan checklist`, its buttons and the shortcut need besides the run commands' deps. */
export interface HtanCommandDeps {
  checklists: HtanChecklists;
  /** Posts the checklist message after the ack (or says privately why it could not). */
  slack: Pick<SlackGateway, 'postMessage' | 'update' | 'respond'>;
}

import type { AllMiddlewareArgs, App, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';

export type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;
export type ActionHandler = (args: ActionArgs) => Promise<void>;

/** The value a button carries, or '' for other elements. */
export function buttonValue(action: ActionArgs['action']): string {
  return 'value' in action && typeof action.value === 'string' ? action.value : '';
}

/**
 * Every button of the bot behind one Bolt listener. Bolt runs each registered listener's middleware for every
 * request, so one listener that looks the handler up by action id keeps acks fast however many buttons there are.
 */
export class ActionRouter {
  private readonly handlers = new Map<string, ActionHandler>();

  on(actionId: string, handler: ActionHandler): void {
    if (this.handlers.has(actionId)) throw new Error(`two handlers for the button ${actionId}`);
    this.handlers.set(actionId, handler);
  }

  register(app: App): void {
    app.action<BlockAction>(/.+/, async (args) => {
      const handler = this.handlers.get(args.action.action_id);
      if (handler) await handler(args);
      else await args.ack();
    });
  }
}

import type { App } from '@slack/bolt';
import { errorMessage } from '../errors.js';
import { CANCEL_ACTION, RETRY_ACTION } from '../workflows/engine/status-message.js';
import type { Clock } from '../clock.js';
import type { Logger, Redactor } from '../logger.js';
import type { AuditLog } from '../store/audit.js';
import type { Workflow } from '../workflows/engine/workflow.js';
import type { Environment } from '../environments.js';
import { ActionRouter, buttonValue } from './action-router.js';
import { createArchiveCommand } from './archive.js';
import { registerArchiveButtons } from './archive-buttons.js';
import { createCancelCommand } from './cancel.js';
import { CATALOG } from './catalog.js';
import { createDispatcher, SLASH_COMMAND } from './dispatcher.js';
import { createHelpCommand } from './help.js';
import { createPingCommand } from './ping.js';
import { registerReminderActions } from './reminder-actions.js';
import type { ReminderCommandDeps } from './reminder-deps.js';
import { createRemindCommand } from './remind.js';
import { createRemindersCommand } from './reminders.js';
import { createRetryCommand } from './retry.js';
import { cancelRun, retryRun } from './run-control.js';
import type { RunCommandDeps } from './run-deps.js';
import { createRunsCommand } from './runs.js';
import { createStatusCommand } from './status.js';
import type { CommandOutcome, Subcommand } from './subcommand.js';

export interface CommandDeps extends RunCommandDeps, ReminderCommandDeps {
  audit: AuditLog;
  redactor: Redactor;
  clock: Clock;
  logger: Logger;
  workflows: { ping: Workflow; archive: Workflow };
  defaultEnvironment: Environment;
}

/** Builds the subcommands in catalog order. */
export function buildSubcommands(deps: CommandDeps): Subcommand[] {
  const factories: Record<string, () => Subcommand> = {
    help: () => createHelpCommand({ subcommands: () => subcommands, permissions: deps.permissions }),
    ping: () => createPingCommand({ ...deps, workflow: deps.workflows.ping }),
    archive: () => createArchiveCommand({ ...deps, workflow: deps.workflows.archive }),
    status: () => createStatusCommand(deps),
    runs: () => createRunsCommand(deps),
    cancel: () => createCancelCommand(deps),
    retry: () => createRetryCommand(deps),
    remind: () => createRemindCommand(deps),
    reminders: () => createRemindersCommand(deps),
  };
  const subcommands = CATALOG.map((spec) => {
    const factory = factories[spec.name];
    if (!factory) throw new Error(`subcommand ${spec.name} is in the catalog but has no factory`);
    return factory();
  });
  return subcommands;
}

/** Registers `/hca`, the run buttons and the reminder buttons. Every listener acks before any network call. */
export function registerCommands(app: App, deps: CommandDeps): void {
  const dispatcher = createDispatcher({
    subcommands: buildSubcommands(deps),
    permissions: deps.permissions,
    audit: deps.audit,
    redactor: deps.redactor,
  });
  const afterAck = (result: CommandOutcome) => {
    result.afterAck?.().catch((error: unknown) => deps.logger.warn('follow-up failed', { error: errorMessage(error) }));
  };

  app.command(SLASH_COMMAND, async ({ command, ack }) => {
    const result = dispatcher.handle(command.text ?? '', {
      userId: command.user_id,
      channelId: command.channel_id,
      triggerId: command.trigger_id,
      responseUrl: command.response_url,
      now: deps.clock.now(),
    });
    await ack({
      response_type: 'ephemeral',
      text: result.reply.text,
      ...(result.reply.blocks ? { blocks: result.reply.blocks } : {}),
    });
    result.audit();
    afterAck(result);
  });

  const actions = new ActionRouter();
  const runButton = (actionId: string, act: typeof cancelRun) =>
    actions.on(actionId, async ({ ack, body, action, respond }) => {
      await ack();
      const userId = body.user.id;
      const runId = Number(buttonValue(action) || NaN);
      const now = deps.clock.now();
      const verb = actionId === CANCEL_ACTION ? 'cancel' : 'retry';
      const result = deps.permissions.isOperator(userId)
        ? act(deps, runId, userId, now)
        : {
            reply: { text: `Only operators (\`HCA_OPERATORS\`) may ${verb} runs.` },
            outcome: 'refused: not an operator',
          };
      deps.audit.record({
        at: now,
        userId,
        action: `button ${verb}`,
        arguments: `R${runId}`,
        outcome: result.outcome,
        runId,
      });
      if (!('afterAck' in result) || !result.afterAck) {
        await respond({ response_type: 'ephemeral', replace_original: false, text: result.reply.text });
        return;
      }
      afterAck(result);
    });
  runButton(CANCEL_ACTION, cancelRun);
  runButton(RETRY_ACTION, retryRun);
  registerArchiveButtons(actions, deps);
  registerReminderActions(app, actions, deps);
  actions.register(app);
}

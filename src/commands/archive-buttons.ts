import { buttonValue, type ActionRouter } from './action-router.js';
import type { Clock } from '../clock.js';
import { section } from '../workflows/kit/blocks.js';
import { slackDate } from '../workflows/kit/wording.js';
import type { ThreadMessage } from '../integrations/slack.js';
import type { AuditLog } from '../store/audit.js';
import type { Run } from '../store/runs.js';
import { ARCHIVE_ACTIONS } from '../workflows/archive/archive.js';
import type { RunCommandDeps } from './run-deps.js';

interface Question {
  actionId: string;
  step: string;
  /** The decision key for a click on this run and button value. */
  key: (run: Run, value: string) => string;
  /** False when the button belongs to an older round of the question (an expired approval request). */
  isCurrent?: (run: Run, value: string) => boolean;
  value: string;
  /** Irreversible choices need an approver on prod (four eyes); the others any operator. */
  irreversible: boolean;
  verb: string;
}

const QUESTIONS: Question[] = [
  {
    actionId: ARCHIVE_ACTIONS.useExisting,
    step: 'choose-existing',
    key: () => 'existing',
    value: 'use',
    irreversible: false,
    verb: 'chose to use the existing DSP submission',
  },
  {
    actionId: ARCHIVE_ACTIONS.createNew,
    step: 'choose-existing',
    key: () => 'existing',
    value: 'create',
    irreversible: true,
    verb: 'chose to create a new DSP submission',
  },
  {
    actionId: ARCHIVE_ACTIONS.createAgain,
    step: 'create-unknown',
    key: (run) => `create-again:${String(run.state.createRound ?? 0)}`,
    value: 'create',
    irreversible: true,
    verb: 'chose to create the DSP submission again',
  },
  {
    actionId: ARCHIVE_ACTIONS.complete,
    step: 'approval',
    key: (run) => `complete:${String(run.state.approvalRound ?? 0)}`,
    isCurrent: (run, value) => value.split(':')[1] === String(run.state.approvalRound ?? 0),
    value: 'complete',
    irreversible: true,
    verb: 'approved completing the submission',
  },
];

export interface ArchiveButtonDeps extends RunCommandDeps {
  audit: AuditLog;
  clock: Clock;
}

function refusal(run: Run, irreversible: boolean): string {
  if (irreversible && run.environment === 'prod') {
    return `On prod only an approver (\`HCA_APPROVERS\`) other than the requester <@${run.requester}> may do this.`;
  }
  return 'Only operators (`HCA_OPERATORS`) may answer this.';
}

function decidedMessage(original: ThreadMessage, by: string, verb: string, at: number): ThreadMessage {
  const line = `:ballot_box_with_check: <@${by}> ${verb} ${slackDate(at)}.`;
  const kept = (original.blocks ?? []).filter((b) => b.type !== 'actions');
  return { text: `${original.text}\n${line}`, blocks: [...kept, section(line)] };
}

/** The archive run's questions: the first authorised answer stands; the message then shows who decided and when. */
export function registerArchiveButtons(actions: ActionRouter, deps: ArchiveButtonDeps): void {
  for (const question of QUESTIONS) {
    actions.on(question.actionId, async ({ ack, body, action, respond }) => {
      await ack();
      const userId = body.user.id;
      const value = buttonValue(action);
      const run = deps.runs.get(Number(value.split(':')[0]));
      const now = deps.clock.now();
      const audit = (outcome: string) =>
        deps.audit.record({
          at: now,
          userId,
          action: `button ${question.actionId}`,
          arguments: value,
          outcome,
          runId: run?.id,
        });
      const privately = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
      if (!run) {
        audit('refused: no such run');
        await privately('This run no longer exists.');
        return;
      }
      const allowed = question.irreversible
        ? deps.permissions.mayApprove(userId, run)
        : deps.permissions.isOperator(userId);
      if (!allowed) {
        audit('refused: not allowed');
        await privately(refusal(run, question.irreversible));
        return;
      }
      if (question.isCurrent && !question.isCurrent(run, value)) {
        audit('refused: question closed');
        await privately(
          `This request is out of date: ${run.ref} asked again since. Use its latest message in the thread.`,
        );
        return;
      }
      const outcome = deps.runs.decide(run.id, question.step, question.key(run, value), {
        value: question.value,
        by: userId,
        at: now,
      });
      if (!outcome.ok && outcome.reason === 'decided') {
        audit('refused: already decided');
        await privately(`Already decided by <@${outcome.decision.by}> ${slackDate(outcome.decision.at)}.`);
        return;
      }
      if (!outcome.ok) {
        audit('refused: question closed');
        await privately(
          `${run.ref} is not waiting for this answer any more (it is ${run.status.replace('_', ' ')}, at step \`${run.step}\`).`,
        );
        return;
      }
      audit(`decided: ${question.value}`);
      const message =
        body.type === 'block_actions' && body.message ? (body.message as unknown as ThreadMessage) : { text: '' };
      await respond({ replace_original: true, ...decidedMessage(message, userId, question.verb, now) });
      deps.runner.kick();
    });
  }

  actions.on(ARCHIVE_ACTIONS.recheck, async ({ ack, body, action, respond }) => {
    await ack();
    const userId = body.user.id;
    const runId = Number(buttonValue(action) || NaN);
    const now = deps.clock.now();
    const woken = deps.permissions.isOperator(userId) && deps.runs.wake(runId, now);
    deps.audit.record({
      at: now,
      userId,
      action: 'button recheck',
      arguments: `R${runId}`,
      outcome: woken ? 'woken' : 'refused',
      runId,
    });
    if (!woken) {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: deps.permissions.isOperator(userId)
          ? `R${runId} is not active.`
          : 'Only operators (`HCA_OPERATORS`) may re-check runs.',
      });
      return;
    }
    deps.runner.kick();
  });
}

import type { z } from 'zod';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import type { Integrations } from '../../integrations/index.js';
import type { Button } from '../kit/blocks.js';
import type { ThreadFile, ThreadMessage } from '../../integrations/slack.js';
import type { HtanChecklists } from '../../store/htan-checklists.js';
import type { KnownProjects } from '../../store/known-projects.js';
import type { ReminderStore } from '../../store/reminders.js';
import type { JsonObject, Run } from '../../store/runs.js';
import type { WatchStore } from '../../store/watch.js';
import type { ReminderPresenter } from '../reminders/presenter.js';
import type { Question } from '../kit/question.js';

/** What a step may do to the world besides returning: post in its thread, and make guarded calls. */
export interface StepContext<P, S> {
  readonly run: Run;
  readonly params: P;
  readonly state: S;
  /** The clock reading when the step started. */
  readonly now: number;
  readonly clock: Clock;
  /** Aborted when the run is cancelled while this step executes: a long step stops between pieces of work. */
  readonly signal: AbortSignal;
  reply(message: ThreadMessage): Promise<void>;
  /** Uploads a text file into the run's thread. */
  upload(file: ThreadFile): Promise<void>;
  /**
   * Redraws the status message as if the run's state were `state`, while a long step goes on; nothing is stored (the
   * step's result is). Edits are spaced out as every status edit is.
   */
  show(state: S): void;
  /**
   * Runs a non-idempotent call at most once per run and key: the intent is committed first, the outcome after.
   * A second call with the same key returns the recorded outcome; an intent without outcome throws UnknownOutcomeError.
   */
  once<T>(key: string, call: () => Promise<T>): Promise<T>;
}

export type StepResult<S> =
  /** Go on with another step, now or at `wakeAt`; `awaiting_approval` when that step waits for a person's answer. */
  | { kind: 'next'; step: string; state?: S; wakeAt?: number; status?: 'running' | 'awaiting_approval' }
  /** Run the same step again at `wakeAt` (a poll), optionally waiting for a person. */
  | { kind: 'wait'; state?: S; wakeAt: number; status?: 'waiting' | 'awaiting_approval' }
  /** The run is over; a failed or timed-out run resumes at `resumeAt` (default: this step) when retried. */
  | { kind: 'done'; state?: S; status: 'succeeded' | 'failed' | 'timed_out'; error?: string; resumeAt?: string };

export type Step<P, S> = (ctx: StepContext<P, S>) => Promise<StepResult<S>>;

/** How a run is shown in its status message, besides what the runner adds (id, environment, status, requester). */
export interface RunDescription {
  title: string;
  detail: string[];
  /** Buttons the run offers on its status message besides Cancel and Retry. */
  buttons?: Button[];
  /** What stopping the run now leaves behind on the remote services, and what to do about it. */
  leftBehind?: string;
}

export interface Workflow<P extends JsonObject = JsonObject, S extends JsonObject = JsonObject> {
  kind: string;
  params: z.ZodType<P>;
  initialState: S;
  firstStep: string;
  steps: Record<string, Step<P, S>>;
  describe(run: Run, params: P, state: S): RunDescription;
  /** The questions its runs ask with buttons; the commands answer their clicks (four eyes where irreversible). */
  questions?: readonly Question[];
  /** Action ids of the buttons that wake one of its runs to look again now ("Re-check now"). */
  recheckActions?: readonly string[];
  /** A run the bot keeps going from start-up (a watcher), when the configuration asks for one. */
  standing?(config: Config): StandingRun<P> | undefined;
}

/** A run that nobody starts: the bot starts it (or joins the one still active) whenever it starts. */
export interface StandingRun<P extends JsonObject = JsonObject> {
  params: P;
  idempotencyKey: string;
  channelId: string;
}

/** The requester of standing runs: they are started by the bot itself. */
export const STANDING_REQUESTER = 'bot';

/** "requested by @someone", or what started a standing run. */
export function requestedBy(run: Run): string {
  return run.requester === STANDING_REQUESTER ? 'kept running by the bot' : `requested by <@${run.requester}>`;
}

/** The tables workflows read and write besides their own runs. */
export interface WorkflowStores {
  watch: WatchStore;
  projects: KnownProjects;
  reminders: ReminderStore;
}

/** What the workflow registry builds every workflow from. */
export interface WorkflowDeps {
  integrations: Integrations;
  config: Config;
  /** The HTAN pre-submission checklists a check or a certification ticks. */
  checklists: HtanChecklists;
  /** A monotonic millisecond reading, for latencies. */
  elapsed(): number;
  stores: WorkflowStores;
  /** Shows decisions on reminder notices (a project found live closes its reminder). */
  reminderPresenter: ReminderPresenter;
}

/** Erases a workflow's parameter and state types so that workflows of different kinds can share a registry. */
export function registerWorkflow<P extends JsonObject, S extends JsonObject>(workflow: Workflow<P, S>): Workflow {
  return workflow as unknown as Workflow;
}

import type { Clock } from '../../clock.js';
import { errorMessage } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { Run, RunStore } from '../../store/runs.js';
import type { RunDescription } from './workflow.js';
import { renderStatusMessage } from './status-message.js';
import type { SlackGateway } from '../../integrations/slack.js';
import type { ThreadFile, ThreadMessage } from '../../integrations/slack.js';

/** Where a run shows itself: one root status message edited in place, and a thread of details under it. */
export interface RunPresenter {
  /** Posts the run's root message if it has none yet and returns the run with its message ids. */
  ensureRoot(run: Run): Promise<Run>;
  /** Brings the status message up to date; throttled, edits only when the text changes, never throws. */
  refresh(run: Run): void;
  /** Redraws the status message alone, for progress that is not stored (App Home shows stored runs only). */
  redraw(run: Run): void;
  reply(run: Run, message: ThreadMessage): Promise<void>;
  upload(run: Run, file: ThreadFile): Promise<void>;
  /** Tells the requester privately (response_url), for runs that cannot post in their channel. */
  tellRequester(run: Run, text: string): Promise<void>;
  /** Waits until no edit is pending or under way (an edit that lands may leave a newer one pending). */
  flush(): Promise<void>;
}

export interface SlackRunPresenterOptions {
  slack: SlackGateway;
  runs: RunStore;
  describe: (run: Run) => RunDescription;
  clock: Clock;
  logger: Logger;
  /** Least time between two edits of one status message. */
  editIntervalMs: number;
  /** Called whenever a run may have changed (the App Home shows runs). */
  onRefresh?: (run: Run) => void;
}

const EDIT_ATTEMPTS = 3;

interface EditState {
  shown?: string;
  /** What the edit under way shows once it lands. */
  sending?: string;
  lastEditAt: number;
  failures: number;
  pending?: { run: Run; message: ThreadMessage; key: string };
  timer?: ReturnType<typeof setTimeout>;
  inFlight?: Promise<void>;
}

export class SlackRunPresenter implements RunPresenter {
  private readonly options: SlackRunPresenterOptions;
  private readonly edits = new Map<number, EditState>();

  constructor(options: SlackRunPresenterOptions) {
    this.options = options;
  }

  async ensureRoot(run: Run): Promise<Run> {
    if (run.statusTs) return run;
    const { slack, runs } = this.options;
    const message = renderStatusMessage(run, this.options.describe(run));
    const posted = await slack.postMessage(run.channelId, message);
    runs.setMessages(run.id, posted.ts, posted.ts);
    this.shown(run.id, this.editState(run.id), JSON.stringify(message));
    return runs.require(run.id);
  }

  refresh(run: Run): void {
    this.options.onRefresh?.(run);
    this.redraw(run);
  }

  redraw(run: Run): void {
    if (!run.statusTs) return;
    const message = renderStatusMessage(run, this.options.describe(run));
    const key = JSON.stringify(message);
    const state = this.editState(run.id);
    state.shown ??= run.statusShown ?? undefined;
    if ((state.pending?.key ?? state.sending ?? state.shown) === key) return;
    state.pending = { run, message, key };
    this.schedule(run.id, state);
  }

  async reply(run: Run, message: ThreadMessage): Promise<void> {
    if (!run.threadTs) throw new Error(`${run.ref} has no thread yet`);
    await this.options.slack.postMessage(run.channelId, message, run.threadTs);
  }

  async upload(run: Run, file: ThreadFile): Promise<void> {
    if (!run.threadTs) throw new Error(`${run.ref} has no thread yet`);
    await this.options.slack.uploadFile({ channel: run.channelId, threadTs: run.threadTs, ...file });
  }

  async tellRequester(run: Run, text: string): Promise<void> {
    if (!run.responseUrl) return;
    try {
      await this.options.slack.respond(run.responseUrl, { text: `${run.ref}: ${text}` });
    } catch (error) {
      this.options.logger.warn('could not tell the requester', { run: run.ref, error: errorMessage(error) });
    }
  }

  async flush(): Promise<void> {
    for (;;) {
      const busy = [...this.edits].filter(([, state]) => state.timer || state.inFlight);
      if (busy.length === 0) return;
      for (const [id, state] of busy) {
        if (state.timer) {
          clearTimeout(state.timer);
          state.timer = undefined;
          await this.edit(id, state);
        }
        await state.inFlight;
      }
    }
  }

  /** Remembers what the status message shows, here and in the store (a restarted bot then edits only changes). */
  private shown(id: number, state: EditState, key: string): void {
    state.shown = key;
    try {
      this.options.runs.setStatusShown(id, key);
    } catch (error) {
      this.options.logger.warn('could not record the status message shown', { run: id, error: errorMessage(error) });
    }
  }

  private editState(id: number): EditState {
    let state = this.edits.get(id);
    if (!state) {
      state = { lastEditAt: 0, failures: 0 };
      this.edits.set(id, state);
    }
    return state;
  }

  private schedule(id: number, state: EditState): void {
    if (state.timer || state.inFlight) return;
    const interval = this.options.editIntervalMs * 2 ** state.failures;
    const wait = Math.max(0, state.lastEditAt + interval - this.options.clock.now());
    state.timer = setTimeout(() => {
      state.timer = undefined;
      void this.edit(id, state);
    }, wait);
  }

  private async edit(id: number, state: EditState): Promise<void> {
    const pending = state.pending;
    state.pending = undefined;
    if (!pending || pending.key === state.shown) return;
    state.sending = pending.key;
    state.lastEditAt = this.options.clock.now();
    state.inFlight = this.options.slack
      .update(pending.run.channelId, pending.run.statusTs as string, pending.message)
      .then(() => {
        this.shown(id, state, pending.key);
        state.failures = 0;
      })
      .catch((error: unknown) => {
        state.failures += 1;
        const retry = state.failures < EDIT_ATTEMPTS;
        this.options.logger.warn('status message edit failed', {
          run: pending.run.ref,
          error: errorMessage(error),
          retry,
        });
        if (retry) state.pending ??= pending;
        else state.failures = 0;
      })
      .finally(() => {
        state.inFlight = undefined;
        state.sending = undefined;
        if (state.pending) this.schedule(id, state);
        else if (isFinished(pending.run)) this.edits.delete(id);
      });
    await state.inFlight;
  }
}

function isFinished(run: Run): boolean {
  return run.finishedAt !== null;
}

import type { RunPresenter } from '../../src/workflows/engine/run-presenter.js';
import type { ThreadFile, ThreadMessage } from '../../src/integrations/slack.js';
import type { Run, RunStore } from '../../src/store/runs.js';

/** A presenter that remembers what it was asked to show instead of calling Slack. */
export class RecordingPresenter implements RunPresenter {
  readonly replies: { runId: number; message: ThreadMessage }[] = [];
  readonly uploads: { runId: number; file: ThreadFile }[] = [];
  readonly refreshed: Run[] = [];
  readonly told: { runId: number; text: string }[] = [];
  private readonly runs: RunStore;

  constructor(runs: RunStore) {
    this.runs = runs;
  }

  async ensureRoot(run: Run): Promise<Run> {
    if (!run.statusTs) this.runs.setMessages(run.id, `${run.id}.000100`, `${run.id}.000100`);
    return this.runs.require(run.id);
  }

  refresh(run: Run): void {
    this.refreshed.push(run);
  }

  redraw(run: Run): void {
    this.refreshed.push(run);
  }

  async reply(run: Run, message: ThreadMessage): Promise<void> {
    this.replies.push({ runId: run.id, message });
  }

  async upload(run: Run, file: ThreadFile): Promise<void> {
    this.uploads.push({ runId: run.id, file });
  }

  async tellRequester(run: Run, text: string): Promise<void> {
    this.told.push({ runId: run.id, text });
  }

  async flush(): Promise<void> {}
}

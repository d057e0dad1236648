import { RecordUploadError, RecordUploadFailure } from './record-upload.errors';

/** The total time one upload may take, from its start to its commit; its signal aborts what is in hand when it passes. */
export class UploadDeadline {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly endsAt: number;

  constructor(private readonly ms: number) {
    this.endsAt = Date.now() + ms;
    this.timer = setTimeout(() => this.controller.abort(this.error()), ms);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** What is left, for the database's own statement timeout (at least 1 ms: 0 would mean none). */
  remainingMs(): number {
    return Math.max(1, this.endsAt - Date.now());
  }

  /** The deadline's error once it has passed, whatever failed first because of it (a stream aborted, a statement cancelled); else `err`. */
  explain(err: unknown): unknown {
    return this.signal.aborted || Date.now() >= this.endsAt ? this.error() : err;
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  private error(): RecordUploadError {
    return new RecordUploadError(RecordUploadFailure.TOO_SLOW, `The upload took longer than ${this.ms / 1000} s; nothing of this upload was kept`);
  }
}

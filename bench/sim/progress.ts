// A progress bar with ETA on stderr (stdout stays clean for the table). It appears only once a
// run has lasted a second, and only on a terminal: piped or captured stderr gets no bar.

import cliProgress from 'cli-progress';

/** Counts work done out of a known total (requests over all replays) and draws the bar. */
export class Progress {
  private readonly started = performance.now();
  private bar: cliProgress.SingleBar | undefined;
  private base = 0;
  private done = 0;
  private label = '';

  constructor(
    private readonly total: number,
    private readonly enabled: boolean = process.stderr.isTTY === true,
  ) {}

  /** Starts a new step of `label`; later `step()` counts are relative to its start. */
  begin(label: string): void {
    this.base = this.done;
    this.label = label;
  }

  /** `done` units of the current step are finished. */
  step(done: number): void {
    this.update(this.base + done);
  }

  /** The current step finished with `units` of work in all. */
  end(units: number): void {
    this.update(this.base + units);
  }

  /** Removes the bar (if drawn) so later stderr lines start clean. */
  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }

  /** Runs `fn` with the bar hidden, e.g. to print a warning line. */
  interrupt(fn: () => void): void {
    if (this.bar === undefined) {
      fn();
      return;
    }
    this.bar.stop();
    this.bar = undefined;
    fn();
  }

  /** Sets the work done so far directly, with a label (for replays running in parallel). */
  set(done: number, label: string): void {
    this.label = label;
    this.update(done);
  }

  private update(done: number): void {
    this.done = done;
    if (!this.enabled) return;
    if (this.bar === undefined) {
      if (performance.now() - this.started < 1000) return;
      this.bar = new cliProgress.SingleBar(
        {
          stream: process.stderr,
          format: '{bar} {percentage}% | ETA {eta_formatted} | {label}',
          hideCursor: true,
          clearOnComplete: true,
          etaBuffer: 50,
        },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(this.total, done, { label: this.label });
      return;
    }
    this.bar.update(done, { label: this.label });
  }
}

import { mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** Opened synchronously at start: a log file that cannot be opened stops the start with a clear message. */
export function openLogFile(logFile: string): number {
  try {
    mkdirSync(dirname(logFile), { recursive: true });
    return openSync(logFile, 'a');
  } catch (error) {
    throw new Error(`Cannot open LOG_FILE ${logFile}: ${(error as NodeJS.ErrnoException).code ?? 'unknown error'}`, { cause: error });
  }
}

/** Writes all of `bytes` to `fd` (a write to a regular file may write less than asked). */
export function writerTo(fd: number): (bytes: Buffer) => void {
  return (bytes) => {
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
  };
}

export interface BatchedLogFileOptions {
  /** Lines gathered before they are written: one write(2) per batch of at least this many characters. */
  batchChars: number;
  /** The longest a line waits in the batch. */
  flushMs: number;
  /**
   * Told, once per spell of failures, that batches cannot be written (the disk full, say), and then how many
   * lines were dropped when writing works again. A batch that fails is dropped, never kept to grow memory.
   */
  report: (message: string) => void;
}

/**
 * pino's destination for the log file: lines are gathered into batches written synchronously, on this
 * thread, to the page cache. sonic-boom, which pino's own `destination` is, measures the UTF-8 length of
 * its whole pending buffer again on every line (a few KB per log line on the request path); this keeps a
 * character count instead, and converts each batch to bytes once, when it is written.
 */
export class BatchedLogFile {
  private pending = '';
  private pendingLines = 0;
  /** Lines dropped since writing last failed; undefined while writes succeed. */
  private dropped: number | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly writeBytes: (bytes: Buffer) => void,
    private readonly options: BatchedLogFileOptions,
  ) {
    this.timer = setInterval(() => {
      this.flushSync();
    }, options.flushMs);
    this.timer.unref();
  }

  write(line: string): boolean {
    this.pending += line;
    this.pendingLines += 1;
    if (this.pending.length >= this.options.batchChars) this.flushSync();
    return true;
  }

  /** pino's `logger.flush(callback)` lands here. */
  flush(callback?: (error?: Error) => void): void {
    this.flushSync();
    callback?.();
  }

  flushSync(): void {
    if (this.pending.length === 0) return;
    const bytes = Buffer.from(this.pending, 'utf8');
    const lines = this.pendingLines;
    this.pending = '';
    this.pendingLines = 0;
    try {
      this.writeBytes(bytes);
    } catch (error) {
      if (this.dropped === undefined) this.options.report(`cannot write the log file (${(error as NodeJS.ErrnoException).code ?? 'unknown error'}); dropping its lines until it can`);
      this.dropped = (this.dropped ?? 0) + lines;
      return;
    }
    if (this.dropped !== undefined) {
      this.options.report(`the log file is written again; ${String(this.dropped)} lines were dropped`);
      this.dropped = undefined;
    }
  }

  /** Writes what is pending and stops the timer; later lines are still written, in batches, and on exit. */
  stopTimer(): void {
    clearInterval(this.timer);
    this.flushSync();
  }
}

import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BatchedLogFile, writerTo } from '../src/log-file.js';

/** A sink that records each batch it is handed, and fails while `failing` is set. */
function recordingSink() {
  const batches: string[] = [];
  const sink = {
    batches,
    failing: false,
    write: (bytes: Buffer) => {
      if (sink.failing) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
      batches.push(bytes.toString('utf8'));
    },
  };
  return sink;
}

describe('BatchedLogFile', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('holds lines until a batch is full, then writes them in one write, in order', () => {
    const sink = recordingSink();
    const file = new BatchedLogFile(sink.write, { batchChars: 30, flushMs: 60_000, report: () => undefined });
    file.write('{"n":1}\n');
    file.write('{"n":2}\n');
    expect(sink.batches).toEqual([]);
    file.write('{"n":3,"name":"Zoë – 東京"}\n');
    expect(sink.batches).toEqual(['{"n":1}\n{"n":2}\n{"n":3,"name":"Zoë – 東京"}\n']);
    file.write('{"n":4}\n');
    file.flushSync();
    expect(sink.batches).toHaveLength(2);
    expect(sink.batches[1]).toBe('{"n":4}\n');
    file.stopTimer();
  });

  it("writes a quiet process's lines within flushMs", () => {
    vi.useFakeTimers();
    const sink = recordingSink();
    const file = new BatchedLogFile(sink.write, { batchChars: 4096, flushMs: 1000, report: () => undefined });
    file.write('a quiet line\n');
    vi.advanceTimersByTime(999);
    expect(sink.batches).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(sink.batches).toEqual(['a quiet line\n']);
    file.stopTimer();
    file.write('after the timer stopped\n');
    vi.advanceTimersByTime(5000);
    expect(sink.batches).toHaveLength(1);
    file.flushSync();
    expect(sink.batches[1]).toBe('after the timer stopped\n');
  });

  it('drops batches it cannot write, says so once, and says how many lines were lost when writing works again', () => {
    const sink = recordingSink();
    const report = vi.fn();
    const file = new BatchedLogFile(sink.write, { batchChars: 1, flushMs: 60_000, report });
    sink.failing = true;
    file.write('lost 1\n');
    file.write('lost 2\n');
    expect(report).toHaveBeenCalledTimes(1);
    expect(report).toHaveBeenLastCalledWith(expect.stringContaining('ENOSPC'));
    sink.failing = false;
    file.write('kept\n');
    expect(sink.batches).toEqual(['kept\n']);
    expect(report).toHaveBeenCalledTimes(2);
    expect(report).toHaveBeenLastCalledWith('the log file is written again; 2 lines were dropped');
    file.write('kept too\n');
    expect(report).toHaveBeenCalledTimes(2);
    file.stopTimer();
  });

  it('writes the bytes of every line to a real file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-erp-log-file-'));
    try {
      const path = join(dir, 'app.log');
      const file = new BatchedLogFile(writerTo(openSync(path, 'a')), { batchChars: 64, flushMs: 60_000, report: () => undefined });
      const lines = Array.from({ length: 100 }, (_, n) => `{"n":${String(n)},"text":"ünïcödé ${'x'.repeat(n)}"}\n`);
      for (const line of lines) file.write(line);
      file.stopTimer();
      expect(readFileSync(path, 'utf8')).toBe(lines.join(''));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

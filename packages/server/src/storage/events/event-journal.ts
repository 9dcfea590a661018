import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';

/** A closed journal file, waiting to be loaded into the event store. */
export interface JournalSegment {
  sequence: number;
  file: string;
  /** Events in the file: one per line. */
  events: number;
}

const SEGMENT_PATTERN = /^segment-(\d{12})\.ndjson$/;

function segmentFile(directory: string, sequence: number): string {
  return path.join(directory, `segment-${String(sequence).padStart(12, '0')}.ndjson`);
}

/** Makes a new or removed directory entry durable, as fsync of the file alone does not. */
async function syncDirectory(directory: string): Promise<void> {
  const handle = await fsp.open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Cuts a segment back to its last complete line. A process killed in the middle of a write
 * can leave part of a line behind; that write was never acknowledged, so nothing is lost.
 * Returns the complete lines left.
 */
async function trimTornTail(file: string): Promise<number> {
  const content = await fsp.readFile(file);
  const end = content.lastIndexOf(0x0a) + 1;
  if (end < content.length) await fsp.truncate(file, end);
  let lines = 0;
  for (let index = 0; index < end; index += 1) if (content[index] === 0x0a) lines += 1;
  return lines;
}

/**
 * The ingestion journal: an append-only sequence of newline-delimited files in which a batch
 * of events is durable (written and fdatasync'd) before it is acknowledged. A loader moves
 * closed segments into DuckDB in bulk and then removes them (see DuckDbEventStore).
 *
 * Why a journal in front of DuckDB: a DuckDB commit per group cost 25–55 µs per event on the
 * server's one busy thread and stalled for whole checkpoints; appending a line and an fsync
 * costs a few microseconds and keeps acknowledgements independent of DuckDB's pauses.
 *
 * Writes and seals run one after another, in call order. Not safe for two processes: the
 * event store's DuckDB file lock already keeps a second server away from the same DATA_DIR.
 */
export class EventJournal {
  private tail: Promise<unknown> = Promise.resolve();
  private handle: fsp.FileHandle;
  private sequence: number;
  private bytes = 0;
  private events = 0;

  private constructor(
    readonly directory: string,
    first: { sequence: number; handle: fsp.FileHandle },
  ) {
    this.sequence = first.sequence;
    this.handle = first.handle;
  }

  /**
   * The segments a previous process left in `directory`, oldest first, each cut back to its
   * last complete line, and the highest sequence number in use. Segments with a sequence up
   * to `loadedThrough` are already in the event store, and they and empty ones are removed.
   */
  static async leftovers(
    directory: string,
    loadedThrough: number,
  ): Promise<{ segments: JournalSegment[]; lastSequence: number }> {
    fs.mkdirSync(directory, { recursive: true });
    const segments: JournalSegment[] = [];
    let lastSequence = loadedThrough;
    for (const name of (await fsp.readdir(directory)).sort()) {
      const match = SEGMENT_PATTERN.exec(name);
      if (!match) continue;
      const sequence = Number(match[1]);
      const file = path.join(directory, name);
      lastSequence = Math.max(lastSequence, sequence);
      const events = sequence <= loadedThrough ? 0 : await trimTornTail(file);
      if (events === 0) await fsp.rm(file, { force: true });
      else segments.push({ sequence, file, events });
    }
    return { segments, lastSequence };
  }

  /** Opens a fresh segment numbered after `lastSequence`. */
  static async open(directory: string, lastSequence: number): Promise<EventJournal> {
    fs.mkdirSync(directory, { recursive: true });
    const sequence = lastSequence + 1;
    const handle = await EventJournal.create(directory, sequence);
    return new EventJournal(directory, { sequence, handle });
  }

  private static async create(directory: string, sequence: number): Promise<fsp.FileHandle> {
    const handle = await fsp.open(segmentFile(directory, sequence), 'wx');
    await syncDirectory(directory);
    return handle;
  }

  /** Events written to the open segment. */
  get openEvents(): number {
    return this.events;
  }

  private serialise<T>(work: () => Promise<T>): Promise<T> {
    const next = this.tail.then(work, work);
    this.tail = next.catch(() => undefined);
    return next;
  }

  /**
   * Appends complete lines (`events` of them); durable once the promise resolves. A failed
   * write is cut off again, so the segment never holds an event that was refused.
   */
  write(lines: Buffer, events: number): Promise<void> {
    return this.serialise(async () => {
      try {
        let written = 0;
        while (written < lines.length) {
          // At an explicit position: after a failed write is cut off, the next one starts at
          // the end of the last good line, not where the failed one stopped.
          const result = await this.handle.write(
            lines,
            written,
            lines.length - written,
            this.bytes + written,
          );
          written += result.bytesWritten;
        }
        await this.handle.datasync();
      } catch (error) {
        await this.handle.truncate(this.bytes).catch(() => undefined);
        throw error;
      }
      this.bytes += lines.length;
      this.events += events;
    });
  }

  /**
   * Closes the open segment and starts the next one; returns the closed segment, or
   * undefined (and keeps the segment open) when nothing was written to it.
   */
  seal(): Promise<JournalSegment | undefined> {
    return this.serialise(async () => {
      if (this.events === 0) return undefined;
      const sealed: JournalSegment = {
        sequence: this.sequence,
        file: segmentFile(this.directory, this.sequence),
        events: this.events,
      };
      const next = await EventJournal.create(this.directory, this.sequence + 1);
      await this.handle.close();
      this.handle = next;
      this.sequence += 1;
      this.bytes = 0;
      this.events = 0;
      return sealed;
    });
  }

  /** Removes a segment whose events are in the event store. */
  async remove(segment: JournalSegment): Promise<void> {
    await fsp.rm(segment.file, { force: true });
  }

  /** Closes the open segment; an empty one is removed. Nothing may be written after this. */
  close(): Promise<void> {
    return this.serialise(async () => {
      await this.handle.close();
      if (this.events === 0)
        await fsp.rm(segmentFile(this.directory, this.sequence), { force: true });
    });
  }
}

/** A date read from text: its instant, or its wall-clock time when the text names no zone. */
export interface Reading {
  /** Milliseconds since the epoch; for a zoneless reading, the wall-clock time as if it were UTC. */
  ms: number;
  /** Whether the text fixed the instant (a zone, an offset, Unix time, a relative form). */
  zoned: boolean;
  /** The offset the text stated, in minutes east of UTC (not for Unix time or relative forms). */
  offsetMinutes?: number;
}

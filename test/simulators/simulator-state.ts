/**
 * Mutable state of one running simulator: current knobs, request statistics,
 * the remaining scripted failures and the fixed one-second rate-limit window.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { defaultKnobs, mergeKnobs, type SimulatorKnobs } from './simulator-knobs';

export interface SimulatorStats {
  /** Provider requests received (control routes under `/__sim/` are not counted). */
  requests: number;
  inFlight: number;
  maxInFlight: number;
  /** Unix second (as a string) -> number of requests that started in that second. */
  perSecond: Record<string, number>;
  /** When each request arrived (Unix ms), in order. */
  startedAt: number[];
  /** Requests answered 429 by the `rateLimitPerSecond` knob. */
  rateLimited: number;
  lastHeaders: Record<string, string | string[] | undefined>;
  /** Last request body: parsed JSON when it parses, the raw text otherwise, `undefined` when empty. */
  lastBody: unknown;
  /** Last request body's text exactly as it arrived ('' when empty). */
  lastRawBody: string;
  /** Path and query string of the last request. */
  lastPath: string;
}

export type RateLimitDecision = { limited: false } | { limited: true; retryAfterSeconds: number };

export interface RequestRecord {
  /** 1-based position of this request within its one-second rate-limit window. */
  windowPosition: number;
  /** Marks the request finished (idempotent). */
  finish: () => void;
}

function emptyStats(): SimulatorStats {
  return {
    requests: 0,
    inFlight: 0,
    maxInFlight: 0,
    perSecond: {},
    startedAt: [],
    rateLimited: 0,
    lastHeaders: {},
    lastBody: undefined,
    lastRawBody: '',
    lastPath: '',
  };
}

export class SimulatorState {
  readonly #initialKnobs: SimulatorKnobs;
  readonly #now: () => number;
  #knobs: SimulatorKnobs;
  #remainingFailures: number | undefined;
  #stats: SimulatorStats = emptyStats();
  #windowSecond = -1;
  #windowCount = 0;

  constructor(initialKnobs: Partial<SimulatorKnobs> = {}, now: () => number = Date.now) {
    this.#initialKnobs = mergeKnobs(defaultKnobs, initialKnobs);
    this.#knobs = this.#initialKnobs;
    this.#remainingFailures = this.#initialKnobs.failCount;
    this.#now = now;
  }

  get knobs(): SimulatorKnobs {
    return this.#knobs;
  }

  /** Merges knobs. Setting `failStatus` or `failCount` restarts the failure countdown. */
  configure(update: Partial<SimulatorKnobs>): void {
    this.#knobs = mergeKnobs(this.#knobs, update);
    if ('failStatus' in update || 'failCount' in update) {
      this.#remainingFailures = this.#knobs.failCount;
    }
  }

  /** Restores the knobs given at start and clears statistics, countdowns and the rate window. */
  reset(): void {
    this.#knobs = this.#initialKnobs;
    this.#remainingFailures = this.#initialKnobs.failCount;
    this.#stats = emptyStats();
    this.#windowSecond = -1;
    this.#windowCount = 0;
  }

  stats(): SimulatorStats {
    return structuredClone(this.#stats);
  }

  /** Records a request's arrival. */
  recordRequestStarted(path: string, headers: IncomingHttpHeaders): RequestRecord {
    const stats = this.#stats;
    const now = this.#now();
    const second = Math.floor(now / 1000);
    stats.requests += 1;
    stats.startedAt.push(now);
    stats.inFlight += 1;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    stats.perSecond[String(second)] = (stats.perSecond[String(second)] ?? 0) + 1;
    stats.lastPath = path;
    stats.lastHeaders = { ...headers };
    if (second !== this.#windowSecond) {
      this.#windowSecond = second;
      this.#windowCount = 0;
    }
    this.#windowCount += 1;
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      // A reset() while this request was in flight replaced the stats object.
      if (stats === this.#stats) stats.inFlight -= 1;
    };
    return { windowPosition: this.#windowCount, finish };
  }

  recordBody(body: unknown, raw: string): void {
    this.#stats.lastBody = body;
    this.#stats.lastRawBody = raw;
  }

  /** The status to fail this request with, consuming one scripted failure, or `undefined`. */
  takeFailure(): number | undefined {
    const status = this.#knobs.failStatus;
    if (status === undefined) return undefined;
    if (this.#remainingFailures === undefined) return status;
    if (this.#remainingFailures <= 0) return undefined;
    this.#remainingFailures -= 1;
    return status;
  }

  /** Applies `rateLimitPerSecond` to a request whose arrival was recorded at `windowPosition`. */
  checkRateLimit(windowPosition: number): RateLimitDecision {
    const limit = this.#knobs.rateLimitPerSecond;
    if (limit === undefined || windowPosition <= limit) return { limited: false };
    this.#stats.rateLimited += 1;
    const millisecondsLeft = (this.#windowSecond + 1) * 1000 - this.#now();
    return { limited: true, retryAfterSeconds: Math.max(1, Math.ceil(millisecondsLeft / 1000)) };
  }
}

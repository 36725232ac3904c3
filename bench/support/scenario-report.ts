import type { Cell, Table } from './markdown-table';

export interface TargetCheck {
  /** The target as the issue states it. */
  target: string;
  met: boolean;
  /** The measured figure the verdict rests on. */
  measured: string;
}

/** What one benchmark scenario hands back to the runner. */
export interface ScenarioReport {
  name: string;
  /** One line: what was measured and how. */
  summary: string;
  tables: Table[];
  targets: TargetCheck[];
  notes: string[];
  /** Why the scenario did not run (its file is missing, say). */
  skipped?: string;
}

export function check(target: string, met: boolean, measured: string): TargetCheck {
  return { target, met, measured };
}

/** A report for a benchmark function that returns flat figures (`Record<string, number>`). */
export function reportFromFigures(name: string, summary: string, figures: Record<string, Cell>): ScenarioReport {
  return {
    name,
    summary,
    tables: [
      { title: name, columns: ['figure', 'value'], rows: Object.entries(figures).map(([key, value]) => [key, value]) },
    ],
    targets: [],
    notes: [],
  };
}

export function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** One row of `npm run bench`: a figure, its target, and (when measured side by side) a baseline. */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  target?: string;
  /** A baseline measured in the same run, e.g. the naïve way. */
  baseline?: { name: string; value: number; unit: string };
  note?: string;
}

export function printRows(title: string, rows: BenchRow[]): void {
  console.log(`\n## ${title}`);
  for (const r of rows) {
    let line = `- ${r.name}: ${fmt(r.value)} ${r.unit}`;
    if (r.target) line += `  (target ${r.target})`;
    if (r.baseline) {
      const ratio = r.baseline.value / r.value;
      line += `  | baseline ${r.baseline.name}: ${fmt(r.baseline.value)} ${r.baseline.unit}`;
      if (r.baseline.unit === r.unit && Number.isFinite(ratio)) line += `  → ${ratio.toFixed(1)}×`;
    }
    if (r.note) line += `  — ${r.note}`;
    console.log(line);
  }
}

function fmt(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2);
}

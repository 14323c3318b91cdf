/** A plain-text table: the first column left-aligned (labels), the others right-aligned (figures). */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ").trimEnd();
  return [line(headers), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

export const ms = (n: number) => n.toFixed(0);
export const mb = (n: number) => n.toFixed(0);
export const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;

// Types of scripts/electronegativity.mjs, for its tests.
export interface Finding {
  check: string;
  file: string;
  line: number;
  message: string;
}
export interface AllowEntry {
  check: string;
  file: string;
  reason?: string;
}
export interface Verdict {
  unexpected: Finding[];
  stale: AllowEntry[];
}
export function findingsOf(sarif: unknown): Finding[];
export function judge(findings: Finding[], allowList: AllowEntry[]): Verdict;
export function reportLines(findings: Finding[], verdict: Verdict, base?: string): string[];
export function scan(input: string, version: string): { sarif?: unknown; error?: string };

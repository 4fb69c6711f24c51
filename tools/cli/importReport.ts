/** Text rendering of import progress and of the parity report for the import CLI. */
export interface ProgressLike {
  stage: string;
  workloadsDone: number;
  workloadsTotal: number;
  rolesMapped: number;
  rolesWritten: number;
}

interface ReportRole {
  workload: string;
  sourceRoleName: string;
  verdict: string;
  unmapped: string[];
  unsupported: Array<{ name: string; reason: string }>;
  addedByPrerequisite: Array<{ name: string; level: string }>;
  principals: { dropped: Array<{ displayName?: string; id: string; reason: string }> };
  derivations: Array<{ source: string; outcome: string; notGranted?: Array<{ name: string; level: string }> }>;
  graphActionsUnresolved?: Array<{ name: string; level: string }>;
}

interface CountsLike {
  imported: number;
  notEligible: number;
  skipped: number;
  unsupported: number;
  unmappedNames: number;
  widened: number;
  narrowed: number;
}

interface ReportLike {
  status: string;
  dryRun: boolean;
  workloads: Array<{ workload: string; captured: boolean; counts?: CountsLike }>;
  summary: CountsLike | null;
  roles: ReportRole[];
}

const BAR_WIDTH = 24;

export function renderProgress(p: ProgressLike): string {
  const fraction = p.workloadsTotal === 0 ? 0 : p.workloadsDone / p.workloadsTotal;
  const filled = Math.round(fraction * BAR_WIDTH);
  return `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${p.stage.padEnd(11)} workloads ${p.workloadsDone}/${p.workloadsTotal}  roles mapped ${p.rolesMapped}  written ${p.rolesWritten}`;
}

export function renderSummary(report: ReportLike): string {
  const columns = ['workload', 'imported', 'not eligible', 'skipped', 'unsupported', 'unmapped', 'widened', 'narrowed'];
  const cells = (name: string, c: CountsLike): string[] => [
    name,
    ...[c.imported, c.notEligible, c.skipped, c.unsupported, c.unmappedNames, c.widened, c.narrowed].map(String),
  ];
  const rows = report.workloads.map((w) => (w.captured && w.counts ? cells(w.workload, w.counts) : [w.workload, 'not captured', '', '', '', '', '', '']));
  if (report.summary) rows.push(cells('total', report.summary));
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  const out = [line(columns), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];

  const deviations = report.roles.filter((r) => r.verdict !== 'exact');
  if (deviations.length > 0) {
    out.push('', report.dryRun ? 'Deviations from exact parity (dry run, nothing written):' : 'Deviations from exact parity:');
    for (const r of deviations) {
      const why = [
        ...r.principals.dropped.map((p) => `${p.reason === 'deleted' ? 'deleted' : 'missing'} principal ${p.displayName ?? p.id}`),
        ...r.unsupported.map((u) => `unsupported: ${u.name}`),
        ...r.unmapped.map((u) => `unmapped: ${u}`),
        ...r.addedByPrerequisite.map((p) => `added by prerequisite: ${p.name} (${p.level})`),
        ...r.derivations
          .filter((d) => d.outcome === 'not-granted-by-role-group-row')
          .map((d) => `role ${d.source} not covered by the role group's row: ${(d.notGranted ?? []).map((p) => `${p.name} (${p.level})`).join(', ')}`),
      ];
      out.push(`  ${r.verdict.padEnd(12)} ${r.workload.padEnd(4)} ${r.sourceRoleName}${why.length ? ` — ${why.join('; ')}` : ''}`);
    }
  }
  const incomplete = report.roles.filter((r) => (r.graphActionsUnresolved ?? []).length > 0);
  if (incomplete.length > 0) {
    out.push(
      '',
      `Graph projection incomplete for ${incomplete.length} role(s): no exact Graph action is known for ${[...new Set(incomplete.flatMap((r) => (r.graphActionsUnresolved ?? []).map((p) => `${p.name} (${p.level})`)))].join(', ')}.`,
      'Their unified permissions are complete; see graphActionsUnresolved in the report.',
    );
  }
  return out.join('\n');
}

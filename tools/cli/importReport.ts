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
  unifiedRole?: unknown;
}

interface ReportLike {
  status: string;
  dryRun: boolean;
  workloads: Array<{ workload: string; captured: boolean; mappingVersion?: string }>;
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
  const rows = report.workloads.map((w) => {
    const roles = report.roles.filter((r) => r.workload === w.workload);
    if (!w.captured) return [w.workload, 'not captured', '', '', '', '', '', ''];
    return [
      w.workload,
      String(roles.filter((r) => r.unifiedRole !== undefined).length),
      String(roles.filter((r) => r.verdict === 'not-eligible').length),
      String(roles.filter((r) => r.verdict === 'skipped').length),
      String(roles.filter((r) => r.verdict === 'unsupported').length),
      String(roles.reduce((n, r) => n + r.unmapped.length, 0)),
      String(roles.filter((r) => r.unifiedRole !== undefined && r.verdict === 'widened').length),
      String(roles.filter((r) => r.unifiedRole !== undefined && r.verdict === 'narrowed').length),
    ];
  });
  const all = report.roles;
  rows.push([
    'total',
    String(all.filter((r) => r.unifiedRole !== undefined).length),
    String(all.filter((r) => r.verdict === 'not-eligible').length),
    String(all.filter((r) => r.verdict === 'skipped').length),
    String(all.filter((r) => r.verdict === 'unsupported').length),
    String(all.reduce((n, r) => n + r.unmapped.length, 0)),
    String(all.filter((r) => r.unifiedRole !== undefined && r.verdict === 'widened').length),
    String(all.filter((r) => r.unifiedRole !== undefined && r.verdict === 'narrowed').length),
  ]);
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  const out = [line(columns), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];

  const deviations = all.filter((r) => r.verdict !== 'exact');
  if (deviations.length > 0) {
    out.push('', report.dryRun ? 'Deviations from exact parity (dry run, nothing written):' : 'Deviations from exact parity:');
    for (const r of deviations) {
      const why = [
        ...r.principals.dropped.map((p) => `${p.reason === 'deleted' ? 'deleted' : 'missing'} principal ${p.displayName ?? p.id}`),
        ...r.unsupported.map((u) => `unsupported: ${u.name}`),
        ...r.unmapped.map((u) => `unmapped: ${u}`),
        ...r.addedByPrerequisite.map((p) => `added by prerequisite: ${p.name} (${p.level})`),
      ];
      out.push(`  ${r.verdict.padEnd(12)} ${r.workload.padEnd(4)} ${r.sourceRoleName}${why.length ? ` — ${why.join('; ')}` : ''}`);
    }
  }
  return out.join('\n');
}

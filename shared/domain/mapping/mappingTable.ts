import { toGrant, type PermissionTarget } from '../catalogue/catalogue';
import { normaliseName } from '../normalise';
import type { Workload } from '../workloads';

/**
 * A versioned mapping table: which unified permissions each legacy permission / role / role group
 * becomes, as one Microsoft document states it at one date. Tables are data (./tables/*.json);
 * this module types them and looks rows up by normalised name.
 */

export type MappingTableId = 'mde' | 'mdo-email-collaboration' | 'mdo-exchange-online' | 'mdi' | 'mdca';

/** Row kind as the source table types it. `null` for the untyped 2022 MDO preview table. */
export type MappingRowType = 'Permission' | 'Role' | 'Role group' | 'Group' | 'Built-in role' | 'Scoped role' | null;

export interface MappingRow {
  /** Canonical source name as the table writes it. */
  sourceName: string;
  /** Older or alternative names of the same source item. */
  aliases: readonly string[];
  type: MappingRowType;
  targets: readonly PermissionTarget[];
  /** The table's own target text, kept verbatim for audit. */
  raw: readonly string[];
  /** Set when the source item has no unified equivalent: the reason shown to admins. */
  unsupported?: string;
  note?: string;
  /** MDI: the Azure ATP group suffix this row applies to (Administrators, Users, Viewers). */
  groupSuffix?: string;
  /** MDCA: the role name as the MDCA "Manage admin access" page shows it. */
  mdcaRoleName?: string;
}

export interface MappingTableVersion {
  /** Source document key, e.g. `CMP-2026`. */
  source: string;
  /** Document date (ms.date), e.g. `2026-07-30`. */
  date: string;
  doc: string;
  url: string | null;
}

export interface MappingTable {
  id: MappingTableId;
  workload: Workload;
  title: string;
  version: MappingTableVersion;
  rows: readonly MappingRow[];
  history?: ReadonlyArray<{ date: string; source: string; change: string }>;
  /** MDI: which document we follow where two Microsoft documents disagree. */
  conflictChoice?: string;
}

/** The `mappingVersion` string reported on results, e.g. `CMP-2026 (2026-07-30)`. */
export function tableVersionString(table: MappingTable): string {
  return `${table.version.source} (${table.version.date})`;
}

const ROW_TYPES: ReadonlySet<MappingRowType> = new Set<MappingRowType>([
  'Permission',
  'Role',
  'Role group',
  'Group',
  'Built-in role',
  'Scoped role',
  null,
]);

/** The JSON shape as TypeScript infers it from a data file (strings where we want unions). */
export interface RawMappingTable {
  id: string;
  workload: string;
  title: string;
  version: { source: string; date: string; doc: string; url: string | null };
  rows: ReadonlyArray<{
    sourceName: string;
    aliases: readonly string[];
    type: string | null;
    targets: ReadonlyArray<{ permissionId: string; level: string }>;
    raw: readonly string[];
    unsupported?: string;
    note?: string;
    groupSuffix?: string;
    mdcaRoleName?: string;
  }>;
  history?: ReadonlyArray<{ date: string; source: string; change: string }>;
  conflictChoice?: string;
}

/**
 * Types a table loaded from JSON and checks it against the catalogue (every target must be a known
 * permission at a level it offers). Throws on bad data: tables ship with the code.
 */
export function loadMappingTable(raw: RawMappingTable, id: MappingTableId, workload: Workload): MappingTable {
  if (raw.id !== id || raw.workload !== workload) {
    throw new TypeError(`Mapping table ${raw.id}/${raw.workload} loaded as ${id}/${workload}`);
  }
  const rows: MappingRow[] = raw.rows.map((r) => {
    const type = r.type as MappingRowType;
    if (!ROW_TYPES.has(type)) throw new TypeError(`Table ${id}: row "${r.sourceName}" has unknown type "${r.type}"`);
    const targets = r.targets.map((t) => {
      if (t.level !== 'read' && t.level !== 'manage') {
        throw new TypeError(`Table ${id}: row "${r.sourceName}" has unknown level "${t.level}"`);
      }
      const target: PermissionTarget = { permissionId: t.permissionId, level: t.level };
      toGrant(target); // throws for an unknown permission or level
      return target;
    });
    return { ...r, type, targets };
  });
  const table: MappingTable = { ...raw, id, workload, rows };
  return table;
}

const indexes = new WeakMap<MappingTable, Map<string, MappingRow[]>>();

function indexOf(table: MappingTable): Map<string, MappingRow[]> {
  let index = indexes.get(table);
  if (!index) {
    index = new Map();
    for (const row of table.rows) {
      const keys = new Set([row.sourceName, ...row.aliases, ...(row.mdcaRoleName ? [row.mdcaRoleName] : [])].map(normaliseName));
      for (const key of keys) index.set(key, [...(index.get(key) ?? []), row]);
    }
    indexes.set(table, index);
  }
  return index;
}

/**
 * The row whose name or alias equals `name` after normalisation, optionally of one row type
 * (MDO tables have a "Security Reader" role group row and a "Security Reader" role row).
 */
export function findRow(table: MappingTable, name: string, type?: MappingRowType): MappingRow | undefined {
  const rows = indexOf(table).get(normaliseName(name)) ?? [];
  return type === undefined ? rows[0] : rows.find((r) => r.type === type);
}

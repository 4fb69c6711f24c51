import { loadMappingTable, type MappingTable, type MappingTableId } from './mappingTable';
import mdcaCmp2024 from './tables/mdca.cmp-2024-11.json';
import mdcaCmp2026 from './tables/mdca.cmp-2026.json';
import mdeCmp2026 from './tables/mde.cmp-2026.json';
import mdiCmp2026 from './tables/mdi.cmp-2026.json';
import ecCmp2022 from './tables/mdo-email-collaboration.cmp-2022-11.json';
import ecCmp2025 from './tables/mdo-email-collaboration.cmp-2025.json';
import ecCmp2026 from './tables/mdo-email-collaboration.cmp-2026.json';
import exoCmp2025 from './tables/mdo-exchange-online.cmp-2025.json';
import exoCmp2026 from './tables/mdo-exchange-online.cmp-2026.json';

/**
 * Every mapping table we ship, newest first per table id. Imports always apply the first (current)
 * one; older versions stay available for reports ("what would the 2025 table have given?") and for
 * re-imports that must explain a change of mapping.
 */
export const MAPPING_TABLE_HISTORY: Readonly<Record<MappingTableId, readonly MappingTable[]>> = {
  mde: [loadMappingTable(mdeCmp2026, 'mde', 'mde')],
  'mdo-email-collaboration': [
    loadMappingTable(ecCmp2026, 'mdo-email-collaboration', 'mdo'),
    loadMappingTable(ecCmp2025, 'mdo-email-collaboration', 'mdo'),
    loadMappingTable(ecCmp2022, 'mdo-email-collaboration', 'mdo'),
  ],
  'mdo-exchange-online': [
    loadMappingTable(exoCmp2026, 'mdo-exchange-online', 'mdo'),
    loadMappingTable(exoCmp2025, 'mdo-exchange-online', 'mdo'),
  ],
  mdi: [loadMappingTable(mdiCmp2026, 'mdi', 'mdi')],
  mdca: [loadMappingTable(mdcaCmp2026, 'mdca', 'mdca'), loadMappingTable(mdcaCmp2024, 'mdca', 'mdca')],
};

function current(id: MappingTableId): MappingTable {
  const table = MAPPING_TABLE_HISTORY[id][0];
  if (!table) throw new RangeError(`No mapping table "${id}"`);
  return table;
}

/** The tables imports apply. */
export const CURRENT_MAPPING_TABLES: Readonly<Record<MappingTableId, MappingTable>> = {
  mde: current('mde'),
  'mdo-email-collaboration': current('mdo-email-collaboration'),
  'mdo-exchange-online': current('mdo-exchange-online'),
  mdi: current('mdi'),
  mdca: current('mdca'),
};

/** A specific version of a table by its source key (e.g. `CMP-2025`), if we ship it. */
export function getMappingTable(id: MappingTableId, source?: string): MappingTable | undefined {
  return source === undefined ? CURRENT_MAPPING_TABLES[id] : MAPPING_TABLE_HISTORY[id].find((t) => t.version.source === source);
}

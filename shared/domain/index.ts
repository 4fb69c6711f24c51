/** Public API of the pure mapping domain (no Azure, no I/O). */
export * from './workloads';
export * from './mappingResult';
export { normaliseName, normalisePermissionName, PERMISSION_NAME_VARIANTS } from './normalise';
export {
  PERMISSION_CATALOGUE,
  getPermission,
  findPermissionByName,
  toGrant,
  permissionLabel,
  type ActionConfidence,
  type CataloguePermission,
  type KnownAction,
  type PermissionTarget,
} from './catalogue/catalogue';
export {
  allowedResourceActions,
  resolveAllowedResourceActions,
  bestKnownAction,
  normaliseActionSet,
  isCoveredBy,
  isWildcardAction,
  catalogueGrantsOfAction,
  wildcardExcess,
  type ResolvedActions,
  type WithheldWildcard,
} from './catalogue/actions';
export { resolvePermissionPhrase } from './catalogue/resolvePhrase';
export { mergeGrants, mergeTargets, grants } from './permissionSet';
export { PERMISSION_PREREQUISITES, missingPrerequisites } from './prerequisites';
export {
  indexDirectory,
  resolvePrincipals,
  assessEligibility,
  type DirectoryIndex,
  type Eligibility,
  type ResolvedPrincipals,
} from './eligibility';
export { decideParity, isImportedVerdict, type ParityFacts } from './parity';
export {
  findRow,
  tableVersionString,
  type MappingRow,
  type MappingRowType,
  type MappingTable,
  type MappingTableId,
  type MappingTableVersion,
} from './mapping/mappingTable';
export { CURRENT_MAPPING_TABLES, MAPPING_TABLE_HISTORY, getMappingTable } from './mapping/tables';
export {
  extractWorkloadSource,
  referencedPrincipalIds,
  type WorkloadSource,
  type MdeWorkloadSource,
  type MdoWorkloadSource,
  type MdiWorkloadSource,
  type MdcaWorkloadSource,
} from './mapping/workloadSource';
export {
  mapWorkloadSource,
  listSourceRoleIds,
  workloadNotes,
  mapSnapshot,
  type MapWorkloadOptions,
  type SnapshotMapping,
} from './mapping/mapWorkloadSource';
export { WORKLOAD_SHORT_NAME } from './mapping/assembleResult';
export { EXCHANGE_ONLINE_NAME_SUFFIX } from './mapping/office365';
export { cloudAppsRoleName } from './mapping/cloudApps';
export { parseAzureAtpGroupName } from './mapping/identity';
export { summariseResults, type MappingCounts, type MappingSummary } from './summary';

/** The only place function names are spelled. */
export const names = {
  importTenantRolesOrchestrator: 'importTenantRoles',
  enumerateWorkloadsActivity: 'enumerateWorkloads',
  fetchSourceRolesActivity: 'fetchSourceRoles',
  mapPermissionsActivity: 'mapPermissions',
  writeRolesActivity: 'writeRoles',
  confirmImportActivity: 'confirmImport',
  rollbackImportActivity: 'rollbackImport',
  finalizeImportActivity: 'finalizeImport',
  checkCancellationActivity: 'checkCancellation',
} as const;

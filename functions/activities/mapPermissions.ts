import * as df from 'durable-functions';
import { mapWorkloadSource, summariseResults, workloadNotes, type WorkloadSource } from '../../shared/domain';
import { NotFoundError } from '../../shared/errors';
import { WorkloadRefSchema, type MapPermissionsOutput } from '../../shared/schemas/orchestration';
import { stores } from '../dependencies';
import { stagedMappingName, stagedSourceName } from '../../shared/import/stagedResults';
import { names } from '../names';

/** Maps one workload's staged source roles with the current tables and stages the results (the report rows). */
df.app.activity(names.mapPermissionsActivity, {
  handler: async (input: unknown): Promise<MapPermissionsOutput> => {
    const { tenantId, importId, workload } = WorkloadRefSchema.parse(input);
    const { imports } = await stores();
    const doc = await imports.getImport(tenantId, importId);
    if (!doc) throw new NotFoundError(`Import ${importId}`);
    const source = (await imports.getStaged(tenantId, importId, stagedSourceName(workload))) as WorkloadSource | undefined;
    if (!source) throw new NotFoundError(`Staged source of ${workload} for import ${importId}`);
    const selectedRoleIds = doc.request.roles[workload];
    const results = mapWorkloadSource(source, {
      allowPartialPrincipals: doc.request.allowPartialPrincipals,
      ...(selectedRoleIds ? { selectedRoleIds } : {}),
    });
    await imports.putStaged(tenantId, importId, stagedMappingName(workload), results);
    const counts = summariseResults(results).total;
    const mappingVersion = results[0]?.mappingVersion;
    await imports.updateImport(tenantId, importId, (d) => ({
      ...d,
      workloads: d.workloads.map((w) =>
        w.workload === workload ? { ...w, counts, notes: workloadNotes(source), ...(mappingVersion ? { mappingVersion } : {}) } : w,
      ),
      updatedAt: new Date().toISOString(),
    }));
    return { workload, rolesMapped: results.length, rolesToWrite: counts.imported };
  },
});

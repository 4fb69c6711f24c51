import * as df from 'durable-functions';
import { ImportRefSchema } from '../../shared/schemas/orchestration';
import { stores } from '../dependencies';
import { names } from '../names';

/** Removes every role a failed import wrote, so a failure never leaves a half-written import behind. */
df.app.activity(names.rollbackImportActivity, {
  handler: async (input: unknown): Promise<{ removed: number }> => {
    const { tenantId, importId } = ImportRefSchema.parse(input);
    const { roles } = await stores();
    const written = await roles.listRoles(tenantId, { importId, includePending: true });
    for (const role of written) await roles.deleteRole(tenantId, role.id);
    return { removed: written.length };
  },
});

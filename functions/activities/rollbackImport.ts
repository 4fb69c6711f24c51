import * as df from 'durable-functions';
import { removeImportRoles } from '../../shared/import/removeImportRoles';
import { ImportRefSchema } from '../../shared/schemas/orchestration';
import { stores } from '../dependencies';
import { names } from '../names';

/** Removes every role a failed or canceled import wrote, so it never leaves a half-written import behind. */
df.app.activity(names.rollbackImportActivity, {
  handler: async (input: unknown): Promise<{ removed: number }> => {
    const { tenantId, importId } = ImportRefSchema.parse(input);
    const { roles } = await stores();
    return { removed: await removeImportRoles(roles, tenantId, importId) };
  },
});

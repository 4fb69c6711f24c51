import * as df from 'durable-functions';
import { NotFoundError } from '../../shared/errors';
import { ImportRefSchema } from '../../shared/schemas/orchestration';
import { stores } from '../dependencies';
import { names } from '../names';

/** Whether an administrator asked to cancel the import (POST …/imports/{importId}/cancel). */
df.app.activity(names.checkCancellationActivity, {
  handler: async (input: unknown): Promise<{ canceled: boolean }> => {
    const { tenantId, importId } = ImportRefSchema.parse(input);
    const { imports } = await stores();
    const doc = await imports.getImport(tenantId, importId);
    if (!doc) throw new NotFoundError(`Import ${importId}`);
    return { canceled: doc.cancelRequested === true };
  },
});

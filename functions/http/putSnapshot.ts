import { app } from '@azure/functions';
import { InvalidInputError } from '../../shared/errors';
import { SourceSnapshotSchema } from '../../shared/schemas/sourceSnapshot';
import { stores } from '../dependencies';
import { apiHandler, json, parseOrThrow, readJsonBody } from './apiHandler';
import { authorizeRequest } from './authorizeRequest';

/** PUT /api/tenants/{tenantId}/snapshot: validate fully, then store; nothing is stored on error. */
app.http('putSnapshot', {
  methods: ['PUT'],
  route: 'tenants/{tenantId}/snapshot',
  authLevel: 'anonymous',
  handler: apiHandler(async ({ request, config }) => {
    const { tenantId, actor } = await authorizeRequest(request, 'write');
    const body = await readJsonBody(request, config.MAX_SNAPSHOT_BYTES);
    if (body === undefined) throw new InvalidInputError('A source snapshot body is required.', [{ path: '(body)', message: 'required' }]);
    const parsed = parseOrThrow(SourceSnapshotSchema, body, 'The source snapshot');
    // GUIDs compare case-insensitively; the stored snapshot carries the route's (lower-case) form,
    // which is also its partition key.
    if (parsed.tenantId.toLowerCase() !== tenantId) {
      throw new InvalidInputError('The snapshot belongs to another tenant than the route names.', [
        { path: 'tenantId', message: `must equal the route's tenantId ${tenantId}` },
      ]);
    }
    const snapshot = { ...parsed, tenantId };
    const { snapshots } = await stores();
    const { info, created } = await snapshots.putSnapshot(snapshot, { uploadedBy: actor, now: new Date().toISOString() });
    return json(created ? 201 : 200, info, { Location: `/api/tenants/${tenantId}/snapshot` });
  }),
});

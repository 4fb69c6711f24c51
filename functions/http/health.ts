import { app } from '@azure/functions';
import { pingDatabase } from '../../shared/adapters/cosmos/stores';
import { loadConfig } from '../../shared/config';

/** Liveness + readiness: 200 when the app is loaded and the database answers; anonymous by design. */
app.http('health', {
  methods: ['GET'],
  route: 'health',
  authLevel: 'anonymous',
  handler: async (_request, invocation) => {
    const headers = { 'x-correlation-id': invocation.invocationId };
    try {
      await pingDatabase(loadConfig());
      return { status: 200, jsonBody: { status: 'ok', database: 'reachable' }, headers };
    } catch (error) {
      invocation.warn(`health: database unreachable (${error instanceof Error ? error.name : 'error'})`);
      return {
        status: 503,
        jsonBody: { type: 'about:blank', title: 'Service Unavailable', status: 503, detail: 'The database is not reachable.' },
        headers: { 'Content-Type': 'application/problem+json', ...headers },
      };
    }
  },
});

/** @azure/cosmos throws ErrorResponse with a numeric `code`; branch on it, not on instanceof. */
export function cosmosStatus(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'number' ? code : undefined;
  }
  return undefined;
}

export const isNotFound = (e: unknown): boolean => cosmosStatus(e) === 404;
export const isConflict = (e: unknown): boolean => cosmosStatus(e) === 409;
export const isPreconditionFailed = (e: unknown): boolean => cosmosStatus(e) === 412;

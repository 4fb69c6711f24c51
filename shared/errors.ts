/**
 * Errors a caller can act on. The HTTP edge maps them to problem+json by `name`
 * (not instanceof: errors cross the Durable boundary as strings).
 */
export interface FieldIssue {
  /** JSON path of the offending field, e.g. `mde.roles[3].assignedGroupIds[0]` or `roles.mde[0]`. */
  path: string;
  message: string;
}

export class InvalidInputError extends Error {
  override readonly name = 'InvalidInputError';
  constructor(
    message: string,
    readonly issues: FieldIssue[],
  ) {
    super(message);
  }
}

export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
  constructor(readonly resource: string) {
    super(`${resource} was not found.`);
  }
}

export class ConflictError extends Error {
  override readonly name = 'ConflictError';
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export class PayloadTooLargeError extends Error {
  override readonly name = 'PayloadTooLargeError';
  constructor(readonly limitInBytes: number) {
    super(`The request body is larger than the limit of ${limitInBytes} bytes.`);
  }
}

/** A stored document failed its schema when read back: data corruption or a version skew. */
export class StoredDataError extends Error {
  override readonly name = 'StoredDataError';
  constructor(readonly documentKind: string, readonly documentId: string) {
    super(`Stored ${documentKind} document ${documentId} does not match its schema.`);
  }
}

export class UnsupportedMediaTypeError extends Error {
  override readonly name = 'UnsupportedMediaTypeError';
  constructor(readonly contentType: string) {
    super(`Content-Type "${contentType}" is not supported; send application/json.`);
  }
}

/** An `If-Match` precondition failed: the resource changed since the caller read it. */
export class PreconditionFailedError extends Error {
  override readonly name = 'PreconditionFailedError';
  constructor(readonly resource: string) {
    super(`${resource} does not match If-Match (it changed since it was read, or does not exist); read it again and retry with its current ETag.`);
  }
}

/** The caller is authenticated but lacks a permission; names what is missing, never what exists. */
export class AuthorizationError extends Error {
  override readonly name = 'AuthorizationError';
  constructor(readonly missing: string) {
    super(`Missing permission: ${missing}.`);
  }
}

/** Why an upload of records was refused; the route turns each into its HTTP status. */
export enum RecordUploadFailure {
  /** No such batch (or, to the route, another tenant's). */
  NOT_FOUND = 'NOT_FOUND',
  /** The batch no longer takes records: it was sealed, cancelled or already reconciled. */
  SEALED = 'SEALED',
  /** Another upload to the same batch holds it; uploads to one batch go one after the other. */
  BUSY = 'BUSY',
  /** The body as a whole cannot be read (a CSV header without idNumber, a quote never closed). */
  BAD_BODY = 'BAD_BODY',
  /** The body came slower than the minimum rate, or the upload outran its deadline. */
  TOO_SLOW = 'TOO_SLOW',
}

/** A refused upload; nothing of it was kept. */
export class RecordUploadError extends Error {
  constructor(
    readonly failure: RecordUploadFailure,
    message: string,
  ) {
    super(message);
    this.name = 'RecordUploadError';
  }
}

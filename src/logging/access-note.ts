/**
 * What the GraphQL layer tells the access log about a request: the operation's
 * name and the contract codes of its errors (never their messages, which may quote input).
 */
export interface AccessNote {
  operation?: string;
  errorCodes: string[];
}

/** A GraphQL Name: anything else a client sends as `operationName` is not logged. */
const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;

/** The request's note, kept in `res.locals` so that the access log finds it when the response ends. */
export function accessNoteOf(locals: Record<string, unknown>): AccessNote {
  const existing = locals.accessNote as AccessNote | undefined;
  if (existing) return existing;
  const note: AccessNote = { errorCodes: [] };
  locals.accessNote = note;
  return note;
}

export function noteOperation(note: AccessNote | undefined, name: unknown): void {
  if (note && typeof name === 'string' && OPERATION_NAME.test(name)) note.operation = name;
}

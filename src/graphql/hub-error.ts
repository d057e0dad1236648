import { GraphQLError } from 'graphql';
import { ContractErrorCode, type FieldProblem } from './error-code';

/** An error meant for the client: its message and extensions reach the caller unmasked. */
export class HubError extends GraphQLError {
  constructor(code: ContractErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
  }

  static badInput(fields: FieldProblem[], message = 'The input is not valid'): HubError {
    return new HubError(ContractErrorCode.BAD_USER_INPUT, message, { fields });
  }
}

import { ContractErrorCode } from '../../graphql/error-code';
import { HubError } from '../../graphql/hub-error';

export enum TenantErrorCode {
  ADMIN_ONLY = 'ADMIN_ONLY',
}

function contractCode(code: TenantErrorCode): ContractErrorCode {
  switch (code) {
    case TenantErrorCode.ADMIN_ONLY:
      return ContractErrorCode.FORBIDDEN;
  }
}

export function tenantError(code: TenantErrorCode, message: string): HubError {
  return new HubError(contractCode(code), message, { reason: code });
}

import { ContractErrorCode } from '../../graphql/error-code';
import { type ErrorCodeOf, defineErrors } from '../../graphql/error-table';
import type { UrlRefusal } from './webhook-url.rules';

const URL_REFUSALS: Record<UrlRefusal, string> = {
  NOT_A_URL: 'Not an absolute URL',
  SCHEME: 'Only https URLs are accepted (http only for hosts the hub allow-lists)',
  CREDENTIALS: 'A user name or password in the URL is not accepted; sign with the secret instead',
  PRIVATE_ADDRESS: 'The host resolves to a private, loopback or link-local address, or does not resolve',
};

/** The webhook errors: each code with its contract code and message, the one place they meet. */
export const webhookErrors = defineErrors({
  WEBHOOK_NOT_FOUND: {
    contract: ContractErrorCode.NOT_FOUND,
    field: 'id',
    message: () => 'No such webhook of yours',
  },
  URL_REFUSED: {
    contract: ContractErrorCode.BAD_USER_INPUT,
    field: 'url',
    message: (why: UrlRefusal) => ({ message: URL_REFUSALS[why], extensions: { refusal: why } }),
  },
  UNKNOWN_EVENTS: {
    contract: ContractErrorCode.BAD_USER_INPUT,
    field: 'events',
    message: (unknown: string[], known: readonly string[]) =>
      unknown.length ? `Unknown events: ${unknown.join(', ')} (known: ${known.join(', ')})` : `Name at least one event (known: ${known.join(', ')})`,
  },
  BAD_SECRET: {
    contract: ContractErrorCode.BAD_USER_INPUT,
    field: 'secret',
    message: () => 'A secret is whsec_ followed by the base64 of 24 to 64 random bytes (leave it out to get one)',
  },
  TOO_MANY_WEBHOOKS: {
    contract: ContractErrorCode.BAD_USER_INPUT,
    field: 'url',
    message: (max: number) => `A tenant may register at most ${max} webhooks`,
  },
});

export type WebhookErrorCode = ErrorCodeOf<typeof webhookErrors>;

import { ContractErrorCode } from '../../graphql/error-code';
import { type ErrorCodeOf, defineErrors } from '../../graphql/error-table';

/** A filter field that selects by a field the policy hides, and the field it reveals. */
export interface RefusedFilter {
  field: string;
  reveals: string;
}

/** The data-sharing errors: each code with its contract code and message, the one place they meet. */
export const sharingErrors = defineErrors({
  /** FORBIDDEN naming each filter field that selects by a field the policy hides, and that field. */
  HIDDEN_FILTER_FIELD: {
    contract: ContractErrorCode.FORBIDDEN,
    message: (refused: RefusedFilter[]) => ({
      message: `Filter by a field your data-sharing policy hides: ${refused.map((r) => r.field).join(', ')}`,
      fields: refused.map((r) => ({ path: `filter.${r.field}`, message: `Your data-sharing policy hides ${r.reveals}; you may not filter by it` })),
      extensions: { hiddenFields: refused.map((r) => r.reveals) },
    }),
  },
});

export type SharingErrorCode = ErrorCodeOf<typeof sharingErrors>;

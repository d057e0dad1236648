import type { ApolloServerPlugin } from '@apollo/server';
import { type DocumentNode, Kind, type SelectionSetNode } from 'graphql';
import type { HubContext } from '../../graphql/hub-context';
import { staffAccountErrors } from './staff-accounts.errors';
import { staffMutationRefusal } from './staff-accounts.rules';

/** The root fields a selection set runs, through inline fragments and fragment spreads. */
function rootFields(set: SelectionSetNode, document: DocumentNode, seen = new Set<string>()): string[] {
  return set.selections.flatMap((s) => {
    if (s.kind === Kind.FIELD) return s.name.value.startsWith('__') ? [] : [s.name.value];
    if (s.kind === Kind.INLINE_FRAGMENT) return rootFields(s.selectionSet, document, seen);
    if (seen.has(s.name.value)) return [];
    seen.add(s.name.value);
    const fragment = document.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === s.name.value);
    return fragment?.kind === Kind.FRAGMENT_DEFINITION ? rootFields(fragment.selectionSet, document, seen) : [];
  });
}

/**
 * A person's role on top of their tenant's: before execution, a console session's mutation is
 * refused (FORBIDDEN, HTTP 403) unless the person's role allows every mutation it runs. Checked
 * for the whole operation, so a mutation added later is refused to viewers and clerks until allowed.
 */
export function staffRolePlugin(): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation, document }) {
          const person = contextValue.caller.person;
          if (!person || operation?.operation !== 'mutation') return;
          for (const field of rootFields(operation.selectionSet, document)) {
            const why = staffMutationRefusal(person.role, field);
            if (why) throw staffAccountErrors.STAFF_ROLE(why);
          }
        },
      };
    },
  };
}

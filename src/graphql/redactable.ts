// The marks a policy leaves on a row it cut; the redaction plugin reads them. Kept apart from the
// plugin so that modules marking rows depend on these symbols only, not on the request context.

/** On a row the policy cut: the names of the fields that must resolve to null (or to [] for lists the contract makes non-null). */
export const REDACTED = Symbol('redacted');

/** On a row whose JSON fields were cut inside: field name → the paths of the cut keys within it (`registry.name`). */
export const REDACTED_PARTS = Symbol('redactedParts');

export type Redactable = { [REDACTED]?: ReadonlySet<string>; [REDACTED_PARTS]?: Readonly<Record<string, readonly string[]>> };

import type { FieldProblem } from './error-code';

/** The part of class-validator's ValidationError the hub reads (values are never echoed back). */
interface ValidationErrorLike {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationErrorLike[];
}

/** Flattens type-graphql's argument validation errors into the contract's `{ path, message }` list. */
export function validationFields(errors: readonly ValidationErrorLike[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const path = /^\d+$/.test(e.property) ? `${prefix}[${e.property}]` : prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ path, message }));
    return [...own, ...validationFields(e.children ?? [], path)];
  });
}

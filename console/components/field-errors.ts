// The contract's BAD_USER_INPUT paths ("note", "filter.countyCode") put beside the form field they name.
import type { FormInstance } from 'antd';
import type { ApiError } from '../api/graphql';

/** Sets each field error on its field; returns the messages no field of the form takes (shown above the form). */
export function showFieldErrors(form: FormInstance, error: ApiError, fieldNames: string[]): string[] {
  const rest: string[] = [];
  const byField = new Map<string, string[]>();
  for (const f of error.fields) {
    const name = f.path
      .split('.')
      .pop()!
      .replace(/\[\d+\]$/, '');
    if (fieldNames.includes(name)) byField.set(name, [...(byField.get(name) ?? []), f.message]);
    else rest.push(`${f.path}: ${f.message}`);
  }
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  if (!error.fields.length) rest.push(`${error.code}: ${error.message}`);
  return rest;
}

import { ApiError } from '@/lib/api';

export interface FormErrors {
  fields: Record<string, string[]>;
  form: string[];
}

export const NO_ERRORS: FormErrors = { fields: {}, form: [] };

/** Splits an error into messages shown next to known fields and messages for the whole form. */
export function toFormErrors(e: unknown, knownFields: string[]): FormErrors {
  if (!(e instanceof ApiError)) return { fields: {}, form: [String(e)] };
  const fields: Record<string, string[]> = {};
  const form: string[] = [];
  for (const [name, messages] of Object.entries(e.fieldErrors)) {
    if (knownFields.includes(name)) fields[name] = messages;
    else form.push(...messages.map((m) => `${name}: ${m}`));
  }
  form.push(...e.nonFieldErrors);
  if (e.detail) form.push(e.detail);
  if (!form.length && !Object.keys(fields).length) form.push(e.message);
  return { fields, form };
}

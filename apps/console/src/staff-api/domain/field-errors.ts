/** What went wrong with a form, as the console shows it: by field, and for the form as a whole. */
export interface FormProblems {
  fields: Record<string, string>;
  form: string[];
}

const messagesOf = (body: Record<string, unknown>): string[] => {
  const message = body.message;
  if (Array.isArray(message)) return message.map(String);
  return typeof message === 'string' && message ? [message] : [];
};

/**
 * Places a service's 4xx messages next to the fields they name. The services start a field's
 * message with its path (`effectiveAt must be …`, `contacts.0.email must be an email`); a message
 * that names none of the form's fields is shown above the form.
 */
export function formProblemsOf(body: Record<string, unknown>, fieldNames: readonly string[]): FormProblems {
  const problems: FormProblems = { fields: {}, form: [] };
  for (const message of messagesOf(body)) {
    const named = message.split(/\s/, 1)[0].replace(/[:,]$/, '');
    const field = fieldNames.find((f) => named === f || named.startsWith(`${f}.`) || named.startsWith(`${f}[`));
    if (field) problems.fields[field] = problems.fields[field] ? `${problems.fields[field]}; ${message}` : message;
    else problems.form.push(message);
  }
  if (problems.form.length === 0 && Object.keys(problems.fields).length === 0) problems.form.push('The request was refused.');
  return problems;
}

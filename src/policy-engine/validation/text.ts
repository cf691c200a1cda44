// The characters that could widen a grant are refused in every user value that
// reaches a policy document: wildcards match more than was named, quotes and
// `${` could smuggle policy syntax or variables, and whitespace or control
// characters never belong in a name or ARN.

const FORBIDDEN: readonly { test: (s: string) => boolean; why: string }[] = [
  { test: (s) => s.includes('*'), why: 'contains "*": wildcards are refused because they would widen the grant' },
  { test: (s) => s.includes('?'), why: 'contains "?": wildcards are refused because they would widen the grant' },
  { test: (s) => s.includes('${'), why: 'contains "${": IAM policy variables are refused in user input' },
  { test: (s) => /["'`]/.test(s), why: 'contains a quote character, which is never valid here' },
  // eslint-disable-next-line no-control-regex
  { test: (s) => /[\s\u0000-\u001f\u007f]/.test(s), why: 'contains whitespace or a control character' },
];

/** Why the value may not be used in a policy at all, or undefined when it is free of dangerous characters. */
export function forbiddenCharacters(value: string): string | undefined {
  return FORBIDDEN.find((f) => f.test(value))?.why;
}

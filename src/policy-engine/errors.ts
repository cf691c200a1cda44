// The error hierarchy shared by the engine, the provider and the CLI. Messages
// are written for the person reading a failed stack event.

export class PersonaRoleError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** One problem with one property value. */
export interface ValidationIssue {
  /** Property path as the user wrote it, e.g. `S3Buckets[2]` or `UserIsolation.S3Prefix`. */
  path: string;
  /** The offending value, shortened for display; undefined when the property is missing. */
  value?: string;
  /** What is wrong and what is allowed. */
  message: string;
}

/** Bad input: every issue found, reported at once. */
export class ValidationError extends PersonaRoleError {
  readonly issues: readonly ValidationIssue[];
  constructor(issues: readonly ValidationIssue[]) {
    super(formatIssues(issues));
    this.issues = issues;
  }
}

/** The permissions do not fit IAM's quotas however they are packed. */
export class QuotaError extends PersonaRoleError {}

const MAX_SHOWN_VALUE = 80;

export function showValue(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (value === undefined) text = 'undefined';
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > MAX_SHOWN_VALUE ? `${text.slice(0, MAX_SHOWN_VALUE - 1)}…` : text;
}

export function formatIssues(issues: readonly ValidationIssue[]): string {
  const lines = issues.map((i) =>
    i.value === undefined ? `${i.path}: ${i.message}` : `${i.path}: ${i.value} is invalid: ${i.message}`,
  );
  return lines.length === 1 ? lines[0] : `${lines.length} invalid properties: ${lines.join('; ')}`;
}

// Collects validation issues so every problem is reported at once.

import { showValue, ValidationError, type ValidationIssue } from '../errors';

export class IssueCollector {
  private readonly list: ValidationIssue[] = [];

  add(path: string, value: unknown, message: string): void {
    this.list.push({ path, value: value === undefined ? undefined : showValue(value), message });
  }

  missing(path: string, message: string): void {
    this.list.push({ path, message });
  }

  get count(): number {
    return this.list.length;
  }

  throwIfAny(): void {
    if (this.list.length > 0) this.raise();
  }

  /** Throws the collected issues; callers reach it only after recording at least one. */
  raise(): never {
    if (this.list.length === 0) throw new Error('IssueCollector.raise() called without issues');
    throw new ValidationError([...this.list]);
  }
}

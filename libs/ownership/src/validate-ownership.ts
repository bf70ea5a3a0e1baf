import type { ZodIssue } from 'zod';
import { crossCheck, integrationPointIdAt } from './ownership-checks';
import { OwnershipMatrixError } from './ownership-errors';
import { type OwnershipDocument, ownershipDocumentSchema } from './ownership.schema';

/** `['integrationPoints', 2, 'accountable']` → `integrationPoints[2].accountable`. */
export function formatPath(path: (string | number)[]): string {
  const text = path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${part}`)).join('');
  return text.replace(/^\./, '') || '(root)';
}

function messageOf(issue: ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.received === 'undefined') return 'required';
  return issue.message;
}

function describeIssue(document: unknown, issue: ZodIssue): string {
  const pointId = integrationPointIdAt(document, issue.path);
  const where = pointId ? ` (integration point "${pointId}")` : '';
  return `${formatPath(issue.path)}: ${messageOf(issue)}${where}`;
}

/** Parses the document or throws one error listing every problem found, each with its path. */
export function validateOwnershipDocument(document: unknown, source?: string): OwnershipDocument {
  const result = ownershipDocumentSchema.safeParse(document);
  const issues = [
    ...(result.success ? [] : result.error.issues.map((issue) => describeIssue(document, issue))),
    ...crossCheck(document),
  ];
  if (issues.length > 0 || !result.success) throw new OwnershipMatrixError(issues, source);
  return result.data;
}

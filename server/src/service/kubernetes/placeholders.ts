/**
 * Values that are not literals but stand for one filled in later: `${REPLICAS:-1}` and `$IMAGE` for envsubst and CI
 * templating, `$(VAR)`, `{{ .Values.x }}` for Helm and other Go templates (masked or not), `#{TOKEN}#` and
 * `__TOKEN__` for the replace-token steps of CI systems. Such a value is not type-checked as a literal: the file is
 * a template of a manifest, and what it becomes is known only after substitution. The keys around it still are.
 */
const PLACEHOLDER = /\$\{[^}\n]*\}|\$\([A-Za-z_][A-Za-z0-9_.-]*\)|\$[A-Z_][A-Z0-9_]*\b|\{\{[^\n]*?\}\}|#\{[^}\n]*\}#|__[A-Z][A-Z0-9_]*__|\uE000/;

/** Whether a scalar's text holds a placeholder anywhere in it (`repo/app:${TAG}` is as unknown as `${IMAGE}`). */
export function isPlaceholder(value: unknown): boolean {
  return typeof value === 'string' && value.length < 10_000 && PLACEHOLDER.test(value);
}

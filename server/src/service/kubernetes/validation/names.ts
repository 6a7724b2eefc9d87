/**
 * The name syntaxes the API server enforces, ported from k8s.io/apimachinery/pkg/util/validation/validation.go
 * (IsDNS1123Label, IsDNS1123Subdomain, IsQualifiedName, IsValidLabelValue, IsValidPortName, IsEnvVarName,
 * IsRelaxedEnvVarName). Each returns the reasons a value is invalid (empty when it is valid), in Kubernetes' words.
 * Pure and bounded: fixed regular expressions, no expression built from the input.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** qualifiedNameFmt: `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`. */
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const PORT_NAME_CHARSET = /^[-a-z0-9]+$/;
const PORT_NAME_ONE_LETTER = /[a-z]/;
/** The env var name syntax before RelaxedEnvironmentVariableValidation (envVarNameFmt). */
const STRICT_ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

export const DNS1123_LABEL_MAX = 63;
export const DNS1123_SUBDOMAIN_MAX = 253;
export const QUALIFIED_NAME_MAX = 63;
export const LABEL_VALUE_MAX = 63;
export const PORT_NAME_MAX = 15;

/** IsDNS1123Label: what container, volume and namespace names must be. */
export function dns1123LabelErrors(value: string): string[] {
  const errors: string[] = [];
  if (value.length > DNS1123_LABEL_MAX) errors.push(`must be no more than ${DNS1123_LABEL_MAX} characters`);
  if (!DNS1123_LABEL.test(value))
    errors.push(
      "must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
    );
  return errors;
}

/** IsDNS1123Subdomain: what most object names (a Deployment's) must be. */
export function dns1123SubdomainErrors(value: string): string[] {
  const errors: string[] = [];
  if (value.length > DNS1123_SUBDOMAIN_MAX) errors.push(`must be no more than ${DNS1123_SUBDOMAIN_MAX} characters`);
  if (!DNS1123_SUBDOMAIN.test(value))
    errors.push(
      "must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
    );
  return errors;
}

/** IsQualifiedName: label keys, annotation keys, selector keys (`prefix/name`, the prefix a DNS subdomain). */
export function qualifiedNameErrors(value: string): string[] {
  const parts = value.split('/');
  let name: string;
  const errors: string[] = [];
  if (parts.length === 1) name = parts[0];
  else if (parts.length === 2) {
    const [prefix] = parts;
    name = parts[1];
    if (prefix.length === 0) errors.push('prefix part must be non-empty');
    else for (const message of dns1123SubdomainErrors(prefix)) errors.push(`prefix part ${message}`);
  } else {
    return [
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character, with an optional DNS subdomain prefix and '/'",
    ];
  }
  if (name.length === 0) errors.push('name part must be non-empty');
  else if (name.length > QUALIFIED_NAME_MAX)
    errors.push(`name part must be no more than ${QUALIFIED_NAME_MAX} characters`);
  if (name.length > 0 && !QUALIFIED_NAME.test(name))
    errors.push(
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
    );
  return errors;
}

/** IsValidLabelValue: empty, or up to 63 alphanumerics, '-', '_', '.', starting and ending alphanumeric. */
export function labelValueErrors(value: string): string[] {
  const errors: string[] = [];
  if (value.length > LABEL_VALUE_MAX) errors.push(`must be no more than ${LABEL_VALUE_MAX} characters`);
  if (!LABEL_VALUE.test(value))
    errors.push(
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
    );
  return errors;
}

/** IsValidPortName (IANA_SVC_NAME): container port names, and probe ports given by name. */
export function portNameErrors(value: string): string[] {
  const errors: string[] = [];
  if (value.length > PORT_NAME_MAX) errors.push(`must be no more than ${PORT_NAME_MAX} characters`);
  if (!PORT_NAME_CHARSET.test(value))
    errors.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!PORT_NAME_ONE_LETTER.test(value)) errors.push('must contain at least one letter (a-z)');
  if (value.includes('--')) errors.push('must not contain consecutive hyphens');
  if (value.startsWith('-') || value.endsWith('-')) errors.push('must not begin or end with a hyphen');
  return errors;
}

/**
 * IsRelaxedEnvVarName, what current servers check (RelaxedEnvironmentVariableValidation, on by default since 1.32):
 * any printable ASCII character but '='.
 */
export function relaxedEnvVarNameErrors(value: string): string[] {
  if (value.length === 0) return ['environment variable name must be non-empty'];
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code < 0x20 || code > 0x7e || code === 0x3d)
      return ["a valid environment variable name must consist only of printable ASCII characters other than '='"];
  }
  return [];
}

/** IsEnvVarName, what servers before 1.32 check: `[-._a-zA-Z][-._a-zA-Z0-9]*`, and not `.`, `..` or `..*`. */
export function strictEnvVarNameErrors(value: string): string[] {
  const errors: string[] = [];
  if (!STRICT_ENV_VAR_NAME.test(value))
    errors.push(
      "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit",
    );
  if (value === '.') errors.push("must not be '.'");
  else if (value === '..') errors.push("must not be '..'");
  else if (value.startsWith('..')) errors.push("must not start with '..'");
  return errors;
}

/**
 * The nearest valid DNS-1123 label or subdomain by changing case only (`Web` -> `web`), or undefined when lower case
 * is not enough: a rename that keeps the name the author typed, the one fix that is clearly right.
 */
export function lowerCaseFix(value: string, errorsOf: (value: string) => string[]): string | undefined {
  const lower = value.toLowerCase();
  return lower !== value && errorsOf(lower).length === 0 ? lower : undefined;
}

/**
 * Stack names follow docker compose's project names: lowercase letters, digits, `-` and `_`,
 * starting with a letter or a digit. The same name is the engine's label value, the prefix of every
 * container, network and volume, and a folder under the data folder, so nothing else is accepted
 * (no dots, no slashes, no `%`, no NUL: no way out of `<dataDir>/stacks/`).
 */
export const STACK_NAME_PATTERN = '^[a-z0-9][a-z0-9_-]{0,62}$';
const STACK_NAME = new RegExp(STACK_NAME_PATTERN);

export function isStackName(name: string): boolean {
  return STACK_NAME.test(name);
}

/** Why a name is refused, for a person; undefined when it is valid. */
export function stackNameProblem(name: string): string | undefined {
  if (isStackName(name)) return undefined;
  if (name === '') return 'A stack needs a name.';
  if (name.length > 63) return 'A stack name has at most 63 characters.';
  if (/[A-Z]/.test(name)) return `"${name}" has uppercase letters; stack names are lowercase (like docker compose project names).`;
  return `"${name}" is not a valid stack name: use lowercase letters, digits, "-" and "_", starting with a letter or a digit.`;
}

/** Service names as compose allows them (they become container names and DNS aliases). */
export const SERVICE_NAME_PATTERN = '^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$';

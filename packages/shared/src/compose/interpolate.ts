/**
 * Compose variable interpolation: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:?message}`, `${VAR?message}`, `${VAR:+alt}`, `${VAR+alt}`, and `$$` for a literal `$`.
 * Values come only from the variables given (the stack's own `.env` panel), never from the
 * console's environment: a server's environment holds its own secrets.
 */

export interface InterpolationProblem {
  /** Offset of the `$` in the input. */
  offset: number;
  message: string;
}

export interface InterpolationResult {
  value: string;
  problems: InterpolationProblem[];
  /** Names referenced that had no value (and no default). */
  missing: string[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

export function interpolate(input: string, vars: ReadonlyMap<string, string>): InterpolationResult {
  if (!input.includes('$')) return { value: input, problems: [], missing: [] };
  const problems: InterpolationProblem[] = [];
  const missing: string[] = [];
  let out = '';
  let i = 0;
  while (i < input.length) {
    const ch = input[i]!;
    if (ch !== '$') {
      out += ch;
      i++;
      continue;
    }
    const next = input[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (next === '{') {
      const close = findClose(input, i + 2);
      if (close < 0) {
        problems.push({ offset: i, message: 'a "${" is never closed with "}"; write "$$" for a literal "$"' });
        out += input.slice(i);
        break;
      }
      const body = input.slice(i + 2, close);
      const r = expandBraced(body, vars, i, problems, missing);
      out += r;
      i = close + 1;
      continue;
    }
    const m = NAME.exec(input.slice(i + 1));
    if (!m) {
      // A lone `$` (e.g. "price: 5$") stays as it is, as compose does.
      out += '$';
      i++;
      continue;
    }
    const v = vars.get(m[0]);
    if (v === undefined) missing.push(m[0]);
    out += v ?? '';
    i += 1 + m[0].length;
  }
  return { value: out, problems, missing };
}

/** Index of the `}` closing a `${` whose body starts at `from`, allowing nested `${…}` in defaults. */
function findClose(s: string, from: number): number {
  let depth = 1;
  for (let j = from; j < s.length; j++) {
    if (s[j] === '$' && s[j + 1] === '{') {
      depth++;
      j++;
    } else if (s[j] === '}') {
      depth--;
      if (depth === 0) return j;
    }
  }
  return -1;
}

function expandBraced(
  body: string,
  vars: ReadonlyMap<string, string>,
  offset: number,
  problems: InterpolationProblem[],
  missing: string[],
): string {
  const m = NAME.exec(body);
  if (!m) {
    problems.push({ offset, message: `"\${${body}}" is not a variable: names are letters, digits and "_", not starting with a digit` });
    return '';
  }
  const name = m[0];
  const rest = body.slice(name.length);
  const value = vars.get(name);
  if (rest === '') {
    if (value === undefined) missing.push(name);
    return value ?? '';
  }
  const op = /^(:?[-?+])/.exec(rest)?.[1];
  if (!op) {
    problems.push({ offset, message: `"\${${body}}" has an unknown modifier "${rest}"; use :-, -, :?, ?, :+ or +` });
    return '';
  }
  const arg = interpolate(rest.slice(op.length), vars);
  problems.push(...arg.problems.map((p) => ({ offset, message: p.message })));
  const unsetOrEmpty = value === undefined || value === '';
  const unset = value === undefined;
  switch (op) {
    case ':-':
      return unsetOrEmpty ? arg.value : value;
    case '-':
      return unset ? arg.value : value;
    case ':?':
    case '?':
      if (op === ':?' ? unsetOrEmpty : unset) {
        problems.push({ offset, message: `${name} is required: ${arg.value || `set ${name} in the variables`}` });
        return '';
      }
      return value ?? '';
    case ':+':
      return unsetOrEmpty ? '' : arg.value;
    default:
      return unset ? '' : arg.value;
  }
}

/** Parses `.env`-style text: `NAME=value` lines, `#` comments, optional `export `, quotes removed. */
export function parseEnvText(text: string): { vars: Map<string, string>; problems: { line: number; message: string }[] } {
  const vars = new Map<string, string>();
  const problems: { line: number; message: string }[] = [];
  text.split(/\r?\n/).forEach((raw, idx) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const body = line.startsWith('export ') ? line.slice(7).trim() : line;
    const eq = body.indexOf('=');
    const name = eq < 0 ? body : body.slice(0, eq).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      problems.push({ line: idx + 1, message: `"${name}" is not a variable name (letters, digits and "_", not starting with a digit)` });
      return;
    }
    if (eq < 0) {
      problems.push({ line: idx + 1, message: `${name} has no value: write ${name}=value` });
      return;
    }
    let value = body.slice(eq + 1).trim();
    if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.endsWith(value[0])) value = value.slice(1, -1);
    vars.set(name, value);
  });
  return { vars, problems };
}

/** The variable names a text refers to, in order of first use (for the variables panel). */
export function referencedVariables(text: string): string[] {
  const seen = new Set<string>();
  const re = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)|\$([A-Za-z_][A-Za-z0-9_]*)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const name = m[1] ?? m[2];
    if (name) seen.add(name);
  }
  return [...seen];
}

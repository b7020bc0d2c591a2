import { parseEnvText, stackNameProblem, type ComposeIssue, type StackRole, type StackTarget } from '@phedds/shared';
import { closeSync, fstatSync, lstatSync, openSync, readSync, constants as fsc } from 'node:fs';
import { buildModel, type ProjectModel } from './compose-model.ts';
import { createPolicyIssues, swarmCreatePolicyIssues, type CreateCheck } from './create-check.ts';
import { parseCompose, type ParsedCompose } from './parse.ts';
import { composePolicyIssues, outsideFolder } from './policy.ts';
import { schemaIssues } from './schema.ts';
import { swarmIssues, toSwarmSpecs } from './swarm-spec.ts';

export interface StackInput {
  name: string;
  compose: string;
  /** `.env`-style variables for `${VAR}` in the file. */
  env: string;
  role: StackRole;
  target: StackTarget;
  /** The stack's folder: relative paths in the file are relative to it. */
  workingDir: string;
  /**
   * The accounts' create policy: when given, the engine create body of every service is checked
   * with it once the file passed everything else (see create-check.ts).
   */
  checkCreate?: CreateCheck;
}

export interface ValidatedStack {
  ok: boolean;
  /** Errors first, then warnings; each with line and column where it applies. */
  issues: ComposeIssue[];
  data?: Record<string, unknown>;
  model?: ProjectModel;
  vars: Map<string, string>;
}

const MAX_ENV_FILE_BYTES = 64 * 1024;

/**
 * Everything that can be said about a stack before touching the engine: its name, its variables,
 * the YAML, the compose schema, the create policy for the caller's role (on the file, then on the
 * container create bodies a deploy would send), and what Phedds can deploy.
 * Synchronous and bounded: a hostile file is refused in milliseconds.
 */
export function validateStack(input: StackInput): ValidatedStack {
  const issues: ComposeIssue[] = [];
  const nameProblem = stackNameProblem(input.name);
  if (nameProblem) issues.push({ severity: 'error', code: 'name', message: nameProblem });
  const env = parseEnvText(input.env);
  for (const p of env.problems)
    issues.push({ severity: 'error', code: 'variable', message: `Variables, line ${p.line}: ${p.message}`, path: 'env' });
  const parsed = parseCompose(input.compose, env.vars);
  issues.push(...parsed.issues);
  const done = (extra: Partial<ValidatedStack> = {}): ValidatedStack => {
    const sorted = [...issues].sort((a, b) =>
      a.severity === b.severity ? (a.line ?? 0) - (b.line ?? 0) : a.severity === 'error' ? -1 : 1,
    );
    return { ok: !sorted.some((i) => i.severity === 'error'), issues: sorted, vars: env.vars, ...extra };
  };
  if (parsed.data === undefined || parsed.issues.some((i) => i.severity === 'error')) return done();
  if (typeof parsed.data !== 'object' || parsed.data === null || Array.isArray(parsed.data)) {
    issues.push({ severity: 'error', code: 'schema', message: 'A compose file is a mapping with a "services" key.', line: 1, column: 1 });
    return done();
  }
  const data = parsed.data as Record<string, unknown>;
  if (data.services === undefined || Object.keys(data.services ?? {}).length === 0) {
    issues.push({
      severity: 'error',
      code: 'schema',
      message: 'The file has no services: add a "services:" mapping with at least one service.',
      line: 1,
      column: 1,
    });
  }
  const schema = schemaIssues(parsed);
  issues.push(...schema);
  if (schema.length > 0) return done();
  issues.push(...located(composePolicyIssues(data, input.role), parsed));
  if (input.target === 'swarm') {
    issues.push(...located(swarmIssues(data), parsed));
    if (input.checkCreate && !issues.some((i) => i.severity === 'error')) {
      // File contents (configs, secrets) do not change what the policy reads.
      const specs = toSwarmSpecs({ namespace: input.name, data, vars: env.vars, readFile: () => Buffer.alloc(0) });
      issues.push(...located(swarmCreatePolicyIssues(specs.services, input.role, input.checkCreate), parsed));
    }
    return done({ data });
  }
  const model = buildModel(data, {
    project: input.name,
    workingDir: input.workingDir,
    vars: env.vars,
    readEnvFile: (path) => readEnvFile(path, input.workingDir, input.role),
  });
  issues.push(...located(model.issues, parsed));
  if (input.checkCreate && !issues.some((i) => i.severity === 'error')) {
    issues.push(...located(createPolicyIssues(model, input.role, input.checkCreate), parsed));
  }
  return done({ data, model });
}

function located(list: ComposeIssue[], parsed: ParsedCompose): ComposeIssue[] {
  return list.map((i) => {
    if (i.line !== undefined || !i.path) return i;
    const path = i.path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    for (let n = path.length; n > 0; n--) {
      const loc = parsed.locate(path.slice(0, n));
      if (loc) return { ...i, ...loc };
    }
    return i;
  });
}

/**
 * Reads an env_file without following a symlink out of the stack's folder and without ever
 * putting the file's content in a message. Non-admins only reach files inside the folder (the
 * policy refused the rest); admins may name any file, as docker compose lets them.
 */
function readEnvFile(path: string, workingDir: string, role: StackRole): Map<string, string> | undefined {
  const rel = path.startsWith(workingDir + '/') ? path.slice(workingDir.length + 1) : undefined;
  if (role !== 'admin' && (rel === undefined || outsideFolder(rel))) return undefined;
  let fd: number | undefined;
  try {
    if (role !== 'admin' && lstatSync(path).isSymbolicLink()) return undefined;
    fd = openSync(path, fsc.O_RDONLY | fsc.O_NOFOLLOW | fsc.O_NONBLOCK);
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > MAX_ENV_FILE_BYTES) return undefined;
    const buf = Buffer.alloc(st.size);
    readSync(fd, buf, 0, st.size, 0);
    return parseEnvText(buf.toString('utf8').replace(/^\uFEFF/, '')).vars;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

// The CSP shims must run before any Monaco module: ES modules run in import order.
import './csp-shims.ts';
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api.js';
import 'monaco-editor/esm/vs/editor/editor.all.js';
import 'monaco-editor/esm/vs/basic-languages/yaml/yaml.contribution.js';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker.js?worker';
import { configureMonacoYaml } from 'monaco-yaml';
import YamlWorker from 'monaco-yaml/yaml.worker.js?worker';
import schema from '@phedds/shared/compose/compose-spec.schema.json';
import type { ComposeIssue } from '@phedds/shared';

/**
 * The compose editor: Monaco with monaco-yaml and the compose-spec schema (the same file the
 * server validates with), loaded only when a stack's file is opened. Workers are files of the
 * console's own origin, so the CSP's `script-src 'self'` covers them.
 */

const getWorker = (_id: string, label: string): Worker => (label === 'yaml' ? new YamlWorker() : new EditorWorker());
(globalThis as { MonacoEnvironment?: unknown }).MonacoEnvironment = { getWorker };

/**
 * monaco-yaml asks for its worker in the older `{moduleId, label, createData}` form, which Monaco
 * 0.54 translates only in its all-languages entry point; the same translation here spares the
 * bundle every other language.
 */
type LegacyWorkerOptions = {
  moduleId?: string;
  label?: string;
  createData?: unknown;
  host?: unknown;
  keepIdleModels?: boolean;
  worker?: unknown;
};
const createWebWorker = monaco.editor.createWebWorker as unknown as (o: LegacyWorkerOptions) => unknown;
(monaco.editor as unknown as { createWebWorker: (o: LegacyWorkerOptions) => unknown }).createWebWorker = (opts) => {
  if (opts.worker !== undefined) return createWebWorker(opts);
  const worker = Promise.resolve(getWorker('workerMain.js', opts.label ?? 'monaco-editor-worker')).then((w) => {
    w.postMessage('ignore');
    w.postMessage(opts.createData);
    return w;
  });
  return createWebWorker({ worker, host: opts.host, keepIdleModels: opts.keepIdleModels });
};

// monaco-yaml validates draft-07 itself; the meta-schema reference is not needed.
const composeSchema: Record<string, unknown> = { ...(schema as Record<string, unknown>) };
delete composeSchema.$schema;

configureMonacoYaml(monaco, {
  enableSchemaRequest: false,
  hover: true,
  completion: true,
  validate: true,
  schemas: [{ uri: 'https://phedds.local/compose-spec.schema.json', fileMatch: ['**/docker-compose.yml'], schema: composeSchema }],
});

monaco.editor.defineTheme('phedds-dark', {
  base: 'vs-dark',
  inherit: true,
  rules: [
    { token: 'type', foreground: '8ec9ff' },
    { token: 'string', foreground: 'b9e7a3' },
    { token: 'number', foreground: 'ffd073' },
    { token: 'comment', foreground: '7a889a', fontStyle: 'italic' },
  ],
  colors: { 'editor.background': '#0b1016', 'editor.lineHighlightBackground': '#151c25', 'editorGutter.background': '#0b1016' },
});

let counter = 0;

export interface ComposeEditorHandle {
  getValue(): string;
  setValue(text: string): void;
  /** Problems the server found (policy, references…), shown beside monaco-yaml's own. */
  setServerIssues(issues: ComposeIssue[]): void;
  /** Markers on screen right now (schema errors as typed, and the server's). */
  markerCount(): { errors: number; warnings: number };
  onMarkers(listener: () => void): () => void;
  focus(): void;
  reveal(line: number): void;
  dispose(): void;
}

export function createComposeEditor(host: HTMLElement, initial: string, onChange: (text: string) => void): ComposeEditorHandle {
  // Each editor has its own model named like a compose file, so the schema association applies.
  const uri = monaco.Uri.parse(`file:///phedds/stack-${++counter}/docker-compose.yml`);
  const model = monaco.editor.createModel(initial, 'yaml', uri);
  const editor = monaco.editor.create(host, {
    model,
    theme: 'phedds-dark',
    automaticLayout: true,
    minimap: { enabled: false },
    fontSize: 14,
    lineHeight: 20,
    fontFamily: "'DejaVu Sans Mono', 'Liberation Mono', monospace",
    tabSize: 2,
    insertSpaces: true,
    scrollBeyondLastLine: false,
    quickSuggestions: { other: true, comments: false, strings: true },
    suggestOnTriggerCharacters: true,
    fixedOverflowWidgets: true,
    renderWhitespace: 'boundary',
    'semanticHighlighting.enabled': false,
  });
  const sub = model.onDidChangeContent(() => onChange(model.getValue()));
  const count = (): { errors: number; warnings: number } => {
    const markers = monaco.editor.getModelMarkers({ resource: uri });
    return {
      errors: markers.filter((m) => m.severity === monaco.MarkerSeverity.Error).length,
      warnings: markers.filter((m) => m.severity === monaco.MarkerSeverity.Warning).length,
    };
  };
  return {
    getValue: () => model.getValue(),
    setValue: (text) => {
      if (text !== model.getValue()) model.setValue(text);
    },
    setServerIssues: (issues) => {
      monaco.editor.setModelMarkers(
        model,
        'phedds',
        issues
          .filter((i) => i.line !== undefined && i.code !== 'schema' && i.code !== 'unknown_key' && i.code !== 'type' && i.code !== 'yaml')
          .map((i) => ({
            severity: i.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
            message: i.message,
            startLineNumber: i.line!,
            startColumn: i.column ?? 1,
            endLineNumber: i.endLine ?? i.line!,
            endColumn: Math.max(i.endColumn ?? 1000, (i.column ?? 1) + 1),
            source: 'Phedds',
          })),
      );
    },
    markerCount: count,
    onMarkers: (listener) => {
      const d = monaco.editor.onDidChangeMarkers((uris) => {
        if (uris.some((u) => u.toString() === uri.toString())) listener();
      });
      return () => d.dispose();
    },
    focus: () => editor.focus(),
    reveal: (line) => {
      editor.revealLineInCenter(line);
      editor.setPosition({ lineNumber: line, column: 1 });
      editor.focus();
    },
    dispose: () => {
      sub.dispose();
      editor.dispose();
      model.dispose();
    },
  };
}

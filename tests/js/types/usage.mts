// Typed usage of the package (ESM types, dist/index.d.mts): compiled with
// tsc --noEmit by tests/js/types.test.mjs. Lines marked @ts-expect-error must
// stay errors: they check that the types reject misuse.
import init, * as hedl from '../../../npm/dist/index.mjs';
import type {
  Diagnostic,
  EntityResult,
  HedlDocument,
  JsonObject,
  Limits,
  Stats,
  ValidationResult,
} from '../../../npm/dist/index.mjs';

await init();
await hedl.init({ wasm: new Uint8Array(0), onLeak: (info) => console.log(info.leakedDocuments, info.memoryUsage) });
await hedl.init({ onLeak: null });
const v: string = hedl.version();
const ready: boolean = hedl.isInitialized();
hedl.initSync();
hedl.initSync({ wasm: new Uint8Array(0), onLeak: null });

const doc: HedlDocument = hedl.parse('%VERSION: 1.0\n---\na: 1\n', {
  strict: false,
  limits: { maxNestDepth: 20, maxFileSize: 1e6 },
});
hedl.parse(new Uint8Array([1, 2]));
const version: string = doc.version;
const counts: number = doc.schemaCount + doc.aliasCount + doc.nestCount + doc.rootItemCount + doc.memoryUsage;
const deleted: boolean = doc.isDeleted;
const names: string[] = doc.getSchemaNames();
const cols: string[] | undefined = doc.getSchema('User');
const aliases: Record<string, string> = doc.getAliases();
const nests: Record<string, string> = doc.getNests();
const nestList: Array<{ parent: string; child: string }> = doc.getNestList();
const prompts: string[] = doc.getPrompts();
const countDirectives: hedl.CountDirective[] = doc.getCounts();
const extensions: Array<{ name: string; payload: string }> = doc.getExtensions();
const mode: 'strict' | 'lenient' = doc.mode;
const stringified: string = hedl.stringify({ a: 1 }, { replacer: ['a'], version: '2.0' });
hedl.stringify({ a: 1 }, (k: string, v: unknown) => v);
for await (const e of hedl.parseStream(new Blob(['%VERSION: 1.0\n---\n']), { pieceBytes: 4096 })) {
  if (e.type === 'row') {
    const id: string = e.id;
    const parent: string | undefined = e.parent?.type;
  } else if (e.type === 'header') {
    const cols: string[] | undefined = e.schemas.User;
  }
}
for await (const r of hedl.records(['%VERSION: 1.0\n', '---\n'], 'User')) {
  const row: JsonObject = r;
}
for await (const t of hedl.toJsonStream(new Uint8Array(0), { jsonl: true, strict: false })) {
  const chunk: string = t;
}
// @ts-expect-error a number is not a source
hedl.records(42);
const value: JsonObject = doc.toJSON();
const meta: JsonObject = doc.toJSON({ metadata: true });
const upstream: JsonObject = doc.toJson();
const text: string = doc.toJsonString() + doc.toJsonString(false) + doc.toJsonString({ pretty: false, metadata: true });
const canonical: string = doc.toHedl() + doc.toHedl(false) + doc.toHedl({ ditto: false });
const diags: Diagnostic[] = doc.lint({
  disabledRules: ['id-naming'],
  minSeverity: 'warning',
  warningsAsErrors: true,
  maxDiagnostics: 3,
});
const sev: 'hint' | 'warning' | 'error' = diags[0].severity;
const entities: Record<string, number> = doc.countEntities();
const found: EntityResult[] = doc.query('User', 'alice');
const firstField: unknown = found[0].fields['name'];
const stats: Stats = doc.stats();
const saved: number = stats.tokensSaved + stats.savingsPercent + stats.entities['User'];
doc.delete();
doc[Symbol.dispose]();

const j: string = hedl.toJson('x') + hedl.toJson('x', false);
const fj: string =
  hedl.fromJson('{}') +
  hedl.fromJson({ a: 1 }, false) +
  hedl.fromJson('{}', { ditto: false, strict: false, expressions: true, limits: { maxNodes: 5 } });
const f: string = hedl.format('x') + hedl.format('x', { ditto: false }) + hedl.format('x', true);
const vr: ValidationResult = hedl.validate('x', { lint: false, strict: true });
hedl.validate('x', false);
const kind: string = vr.errors[0].kind + vr.errors[0].type + vr.warnings[0].rule;
const l: Diagnostic[] = hedl.lint('x');
const gs: Stats = hedl.getStats('x');
// The canonical one-shot names (the document methods' names); the upstream names above are aliases.
const oj: JsonObject = hedl.toObject('x');
const ojm: JsonObject = hedl.toObject(new Uint8Array(0), { metadata: true });
const ojs: string =
  hedl.toJsonString('x') + hedl.toJsonString('x', false) + hedl.toJsonString('x', { pretty: false, metadata: true });
const oh: string = hedl.toHedl('x') + hedl.toHedl('x', { ditto: false }) + hedl.toHedl('x', true);
const os: Stats = hedl.stats('x');
const aliases3: [typeof hedl.toJsonString, typeof hedl.toHedl, typeof hedl.stats] = [
  hedl.toJson,
  hedl.format,
  hedl.getStats,
];
// @ts-expect-error: one-shot toObject returns JS values, not JSON text
const notText: string = hedl.toObject('x');
const cmp = hedl.compareTokens('a', 'b');
const pct: number = cmp.savings.percent + cmp.hedl.lines + cmp.json.tokens;
hedl.setMaxInputSize(1024);
const max: number = hedl.getMaxInputSize();
const leaks: number = hedl.leakedDocuments();
const mem: number = hedl.memoryStats().heapInUse + hedl.memoryStats().heapSize;
const lim: Limits = hedl.defaultLimits();

try {
  hedl.parse('x');
} catch (e) {
  if (e instanceof hedl.HedlError) {
    const k: hedl.ErrorKind = e.kind;
    const n: number = e.line + e.column + e.code;
    const r: string = e.reason;
    void [k, n, r];
  }
}

// @ts-expect-error: parse takes a string or bytes
hedl.parse(42);
// @ts-expect-error: unknown limit names are rejected
hedl.parse('x', { limits: { maxWhatever: 1 } });
// @ts-expect-error: documents come from parse()
new hedl.HedlDocument();
// @ts-expect-error: lint severities are a closed set
doc.lint({ minSeverity: 'loud' });
// @ts-expect-error: isDeleted is read-only
doc.isDeleted = true;

void [
  v,
  ready,
  version,
  counts,
  deleted,
  names,
  cols,
  aliases,
  nests,
  value,
  meta,
  upstream,
  text,
  canonical,
  sev,
  entities,
];
void [firstField, saved, j, fj, f, kind, l, gs, pct, max, leaks, mem, lim];
void [oj, ojm, ojs, oh, os, aliases3, notText];

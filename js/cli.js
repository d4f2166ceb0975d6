// The `hedl` command line (the package's bin), over the public API.
//   hedl to-json FILE [--pretty] [--metadata] [--lenient]
//   hedl to-json FILE --stream|--jsonl [--type T] [--lenient]
//   hedl from-json FILE [--to 1.0|2.0] [--no-ditto]   (2.0 by default)
//   hedl format FILE [--check] [--no-ditto] [--to 1.0|2.0]
//   hedl lint FILE [--format text|json]
//   hedl validate FILE [--lenient] [--format text|json]
//   hedl stats FILE [--format text|json]
// FILE may be '-' for standard input. Errors go to stderr as
// FILE:LINE:COLUMN: Kind: message, then the code frame of the place (in
// colour on a terminal, unless NO_COLOR is set), with exit code 1; usage
// errors exit 2.
import fs from 'node:fs';
import { once } from 'node:events';
import * as hedl from './index.js';

const USAGE = `usage: hedl <command> FILE [options]      (FILE may be '-' for standard input)

commands:
  to-json FILE [--pretty] [--metadata] [--lenient]
        print the document as JSON (compact unless --pretty; --metadata adds
        __type__/__schema__; --lenient keeps unresolved references)
  to-json FILE --stream [--lenient]
  to-json FILE --jsonl [--type T] [--lenient]
        the same JSON (compact), written while FILE is read, in bounded
        memory: for files of any size; --jsonl writes the rows instead, one
        JSON object per line (every list's rows, or all rows of type T)
  from-json FILE [--to 1.0|2.0] [--no-ditto]
        print JSON as HEDL (errors name the JSON path)
  format FILE [--check] [--no-ditto] [--to 1.0|2.0]
        print the canonical form; --check prints nothing and exits 1 when
        FILE is not already canonical; --no-ditto writes repeated cells out
  lint FILE [--format text|json]
        print lint findings (exit 1 when one has severity error)
  validate FILE [--lenient] [--format text|json]
        parse and lint; exit 0 when valid, 1 when not
  stats FILE [--format text|json]
        version and 2.0 header data, sizes, estimated tokens against JSON, rows
        per type

options:
  -h, --help     this help
  -v, --version  the package version`;

class UsageError extends Error {}

let currentFile = '-';

function parseArgs(argv) {
  const [command, ...rest] = argv;
  const flags = new Set();
  const values = {};
  const positional = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--format') {
      if (i + 1 >= rest.length) throw new UsageError('--format needs a value: text or json');
      values.format = rest[++i];
    } else if (a.startsWith('--format=')) values.format = a.slice('--format='.length);
    else if (a === '--to' && (command === 'format' || command === 'from-json')) {
      if (i + 1 >= rest.length) throw new UsageError('--to needs a version: 1.0 or 2.0');
      values.to = rest[++i];
    } else if (a.startsWith('--to=') && (command === 'format' || command === 'from-json'))
      values.to = a.slice('--to='.length);
    else if (a === '--type' && command === 'to-json') {
      if (i + 1 >= rest.length) throw new UsageError('--type needs a type name');
      values.type = rest[++i];
    } else if (a.startsWith('--type=') && command === 'to-json') values.type = a.slice('--type='.length);
    else if (a.startsWith('--')) flags.add(a);
    else positional.push(a);
  }
  if (positional.length !== 1) throw new UsageError(`${command} takes exactly one FILE (or '-')`);
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not ${format}`);
  if (values.to !== undefined && values.to !== '1.0' && values.to !== '2.0')
    throw new UsageError(`--to must be 1.0 or 2.0, not ${values.to}`);
  return { file: positional[0], flags, format, to: values.to, type: values.type };
}

const ALLOWED = {
  'to-json': ['--pretty', '--metadata', '--lenient', '--stream', '--jsonl'],
  'from-json': ['--no-ditto'],
  format: ['--check', '--no-ditto'],
  lint: [],
  validate: ['--lenient'],
  stats: [],
};

function readInput(file) {
  try {
    return file === '-' ? fs.readFileSync(0) : fs.readFileSync(file);
  } catch (e) {
    const err = new Error(`${file}: cannot read: ${e.message}`);
    err.code = 'EREAD';
    throw err;
  }
}

function where(file, line, column) {
  return `${file === '-' ? '<stdin>' : file}:${line}:${column}`;
}

function diagnosticLine(file, d) {
  return `${where(file, d.line, d.column)}: ${d.severity}: ${d.message} [${d.rule}]`;
}

function write(stream, text) {
  stream.write(text.endsWith('\n') ? text : text + '\n');
}

/** The code frame for `stream`: the marked line and the caret in red on a terminal. */
function frameFor(stream, frame) {
  const colour = stream.isTTY === true && !('NO_COLOR' in process.env);
  if (!colour || frame === '') return frame;
  return frame
    .split('\n')
    .map((l) =>
      l.startsWith('> ')
        ? `\x1b[1;31m>\x1b[0m${l.slice(1)}`
        : /^ +\| *\^$/.test(l)
          ? l.replace('^', '\x1b[1;31m^\x1b[0m')
          : l,
    )
    .join('\n');
}

function run(argv, out, err) {
  if (argv.length === 0 || argv[0] === '-h' || argv[0] === '--help' || argv[0] === 'help') {
    write(argv.length === 0 ? err : out, USAGE);
    return argv.length === 0 ? 2 : 0;
  }
  if (argv[0] === '-v' || argv[0] === '--version') {
    write(out, hedl.version());
    return 0;
  }
  const command = argv[0];
  if (!(command in ALLOWED)) throw new UsageError(`unknown command: ${command}`);
  if (argv.includes('-h') || argv.includes('--help')) {
    write(out, USAGE);
    return 0;
  }
  const { file, flags, format, to, type } = parseArgs(argv);
  currentFile = file;
  for (const f of flags) if (!ALLOWED[command].includes(f)) throw new UsageError(`${command} does not take ${f}`);
  if (command === 'to-json' && (flags.has('--stream') || flags.has('--jsonl'))) {
    for (const f of ['--pretty', '--metadata'])
      if (flags.has(f)) throw new UsageError(`to-json --stream writes compact JSON: it does not take ${f}`);
    return streamJson(file, out, { jsonl: flags.has('--jsonl'), type, strict: !flags.has('--lenient') });
  }
  if (type !== undefined) throw new UsageError('--type goes with --jsonl');
  const input = readInput(file);
  const strict = !flags.has('--lenient');

  if (command === 'from-json') {
    out.write(
      hedl.fromJson(new TextDecoder().decode(input), { ditto: !flags.has('--no-ditto'), version: to ?? '2.0' }),
    );
    return 0;
  }

  if (command === 'validate') {
    const v = hedl.validate(input, { strict, lint: true });
    if (format === 'json') {
      write(out, JSON.stringify(v, null, 2));
    } else {
      for (const e of v.errors) {
        write(err, `${where(file, e.line, e.column)}: ${e.kind}: ${e.message}`);
        err.write(frameFor(err, e.codeFrame ?? ''));
      }
      for (const d of v.warnings) write(err, diagnosticLine(file, d));
      if (v.valid) write(out, `${file === '-' ? '<stdin>' : file}: valid`);
    }
    return v.valid ? 0 : 1;
  }

  const doc = hedl.parse(input, { strict });
  try {
    switch (command) {
      case 'to-json':
        write(out, doc.toJsonString({ pretty: flags.has('--pretty'), metadata: flags.has('--metadata') }));
        return 0;
      case 'format': {
        const canonical = doc.toHedl({ ditto: !flags.has('--no-ditto'), version: to });
        if (flags.has('--check')) {
          if (Buffer.from(canonical).equals(input)) return 0;
          write(err, `${file === '-' ? '<stdin>' : file}: not in canonical form (run hedl format to see it)`);
          return 1;
        }
        out.write(canonical);
        return 0;
      }
      case 'lint': {
        const diags = doc.lint();
        if (format === 'json') write(out, JSON.stringify(diags, null, 2));
        else for (const d of diags) write(out, diagnosticLine(file, d));
        return diags.some((d) => d.severity === 'error') ? 1 : 0;
      }
      case 'stats': {
        const s = doc.stats();
        const header = {
          version: doc.version,
          mode: doc.mode,
          prompts: doc.getPrompts(),
          counts: doc.getCounts(),
          extensions: doc.getExtensions(),
        };
        if (format === 'json') {
          write(out, JSON.stringify({ ...s, ...header }, null, 2));
          return 0;
        }
        const v2 = [];
        if (header.mode !== 'strict') v2.push(`mode: ${header.mode}`);
        if (header.prompts.length) v2.push(`prompts: ${header.prompts.length}`);
        if (header.counts.length) v2.push(`count directives: ${header.counts.length}`);
        if (header.extensions.length) v2.push(`extensions: ${header.extensions.map((x) => x.name).join(', ')}`);
        const lines = [
          `HEDL ${header.version}${v2.length ? ` (${v2.join(', ')})` : ''}`,
          `hedl: ${s.hedlBytes} bytes, ${s.hedlLines} lines, ~${s.hedlTokens} tokens`,
          `json: ${s.jsonBytes} bytes (compact), ~${s.jsonTokens} tokens`,
          `token savings: ${s.savingsPercent.toFixed(1)}% (${s.tokensSaved} tokens)`,
          `schemas: ${s.schemas}, aliases: ${s.aliases}, nests: ${s.nests}, root items: ${s.rootItems}`,
          ...Object.entries(s.entities).map(([type, n]) => `  ${type}: ${n} rows`),
        ];
        write(out, lines.join('\n'));
        return 0;
      }
    }
  } finally {
    doc.delete();
  }
  return 2;
}

/** to-json --stream / --jsonl: reads FILE in chunks and writes as it goes, waiting when `out` is full. */
async function streamJson(file, out, options) {
  const source = file === '-' ? process.stdin : fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  const opened = new Promise((resolve, reject) => {
    if (file === '-') resolve();
    source.once('open', resolve);
    source.once('error', (e) => {
      const err = new Error(`${file}: cannot read: ${e.message}`);
      err.code = 'EREAD';
      reject(err);
    });
  });
  await opened;
  // Beyond the whole-document defaults: a stream may be larger than memory.
  const limits = {
    maxFileSize: Number.MAX_SAFE_INTEGER,
    maxNodes: Number.MAX_SAFE_INTEGER,
    maxTotalKeys: Number.MAX_SAFE_INTEGER,
  };
  for await (const chunk of hedl.toJsonStream(source, { ...options, limits })) {
    if (!out.write(chunk)) await once(out, 'drain');
  }
  if (!options.jsonl) out.write('\n');
  return 0;
}

async function main() {
  const argv = process.argv.slice(2);
  try {
    await hedl.init();
    process.exitCode = await run(argv, process.stdout, process.stderr);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`hedl: ${e.message}\n${USAGE}\n`);
      process.exitCode = 2;
    } else if (e instanceof hedl.HedlError) {
      process.stderr.write(`${where(currentFile, e.line, e.column)}: ${e.kind}: ${e.reason}\n`);
      process.stderr.write(frameFor(process.stderr, e.codeFrame));
      process.exitCode = 1;
    } else if (e && e.code === 'EREAD') {
      process.stderr.write(`hedl: ${e.message}\n`);
      process.exitCode = 1;
    } else {
      throw e;
    }
  }
}

await main();

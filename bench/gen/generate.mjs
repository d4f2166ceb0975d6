#!/usr/bin/env node
// Deterministic benchmark datasets: HEDL documents and the JSON they map to.
//
//   node bench/gen/generate.mjs OUTDIR [--sizes 10k,1m,50m] [--shapes users,products,...]
//                                      [--skip-existing] [--check]
//
// For every shape and size it writes OUTDIR/<shape>-<size>.hedl and
// OUTDIR/<shape>-<size>.json. The JSON is exactly what DECISIONS.md D21 says
// the HEDL maps to (rows are objects keyed by column, references are
// {"@ref": ...}, %NEST children sit under the child type's name, tensors are
// arrays of numbers, ditto cells hold the copied value), so the benchmark can
// compare a HEDL parse with a JSON parse of the same data.
//
// A size is an approximate byte size of the HEDL file (10k, 1m, 50m: k = 1e3,
// m = 1e6). Output depends only on the shape and size: every shape has its own
// seeded PRNG, and nothing reads the clock or the environment.
//
// --skip-existing  leaves a pair alone when both of its files exist (files are
//                  written under temporary names and renamed when complete, so
//                  an existing file is a whole one).
// --check          also generates the 10k size and verifies each 10k JSON file
//                  with JSON.parse, plus cheap consistency checks against the
//                  HEDL text (row counts, every reference names an existing id).
//
// No npm dependencies (Node 20).

import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';

// ---------------------------------------------------------------------------
// PRNG: mulberry32, seeded per shape from an FNV-1a hash of its name.

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function fnv1a(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

class Rng {
  constructor(seed) {
    this.next = mulberry32(seed);
  }
  /** Integer in [lo, hi], both inclusive. */
  int(lo, hi) {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick(items) {
    return items[Math.floor(this.next() * items.length)];
  }
  chance(p) {
    return this.next() < p;
  }
  /** `count` distinct items of `items`, in random order. */
  sample(items, count) {
    const copy = items.slice();
    const n = Math.min(count, copy.length);
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(this.next() * (copy.length - i));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy.slice(0, n);
  }
}

// ---------------------------------------------------------------------------
// Scalars. A cell is a pair [hedlText, jsonText]; building both at once keeps
// the two files in step by construction.

// Unquoted matrix-cell text that would not read back as this very string:
// empty, a leading special character (SPEC 4.8.3), edge whitespace, a
// delimiter or comment character, or a null/bool/number token.
const CELL_NEEDS_QUOTES = /^$|^[~@$%^[ \t]|[ \t]$|[,"|#]|^(?:true|false|-?[0-9]+(?:\.[0-9]+)?)$/;
// The same for key-value values (SPEC 4.8.2, 8.2): `^`, `,` and `|` are plain there.
const KV_NEEDS_QUOTES = /^$|^[~@$%[" \t]|[ \t]$|[#"]|^(?:true|false|-?[0-9]+(?:\.[0-9]+)?)$/;

/** HEDL text of a string in a matrix cell. Quoted cells take `""` and backslash escapes. */
function cellText(s) {
  if (!CELL_NEEDS_QUOTES.test(s)) return s;
  return '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '""') + '"';
}

/** HEDL text of a string key-value value. Quoted KV strings know only the `""` escape. */
function kvText(s) {
  if (!KV_NEEDS_QUOTES.test(s)) return s;
  // `"""` opens a block string (SPEC 8.1.2); the generator never needs one.
  if (s.startsWith('"')) throw new Error(`cannot write KV string starting with a quote: ${s}`);
  return '"' + s.replace(/"/g, '""') + '"';
}

const str = (s) => [cellText(s), JSON.stringify(s)];
const kvStr = (s) => [kvText(s), JSON.stringify(s)];
const int = (n) => {
  const t = String(n);
  return [t, t];
};
/** A float given as decimal text: the same text is a valid HEDL float and JSON number. */
const flt = (text) => [text, text];
const TRUE = ['true', 'true'];
const FALSE = ['false', 'false'];
const bool = (b) => (b ? TRUE : FALSE);
const NULL = ['~', 'null'];
/** `target` is `id` or `Type:id`. */
const ref = (target) => ['@' + target, `{"@ref":"@${target}"}`];
/** A ditto cell: HEDL `^`, JSON the copied value. */
const ditto = (previous) => ['^', previous[1]];

/**
 * Decimal text of units * 10^-decimals: always with a '.', without the
 * leading zeros JSON forbids, and never "-0.0".
 */
function fixed(units, decimals) {
  const scale = 10 ** decimals;
  const abs = Math.abs(units);
  const frac = String(abs % scale).padStart(decimals, '0');
  return (units < 0 ? '-' : '') + Math.floor(abs / scale) + '.' + frac;
}

/** A 1-D tensor cell of `dims` numbers in [-1, 1] with 3 decimals. */
function tensor(rng, dims) {
  const nums = [];
  for (let i = 0; i < dims; i++) nums.push(fixed(rng.int(-1000, 1000), 3));
  return ['[' + nums.join(', ') + ']', '[' + nums.join(',') + ']'];
}

const pad = (n, width) => String(n).padStart(width, '0');
const date = (rng, fromYear, toYear) =>
  `${rng.int(fromYear, toYear)}-${pad(rng.int(1, 12), 2)}-${pad(rng.int(1, 28), 2)}`;

// ---------------------------------------------------------------------------
// Output: chunked writes to two files. With no paths it only counts bytes
// (used to calibrate how many units make a target size).

const FLUSH_CHARS = 1 << 20;
const INDENT = Array.from({ length: 16 }, (_, i) => '  '.repeat(i));

class Sink {
  constructor(hedlPath = null, jsonPath = null) {
    this.hedlFd = hedlPath ? fs.openSync(hedlPath, 'w') : null;
    this.jsonFd = jsonPath ? fs.openSync(jsonPath, 'w') : null;
    this.hedlParts = [];
    this.jsonParts = [];
    this.hedlPending = 0;
    this.jsonPending = 0;
    this.hedlBytes = 0;
    this.jsonBytes = 0;
    this.rows = 0;
    this.cells = 0;
  }

  hedl(text) {
    this.hedlParts.push(text);
    this.hedlPending += text.length;
    if (this.hedlPending >= FLUSH_CHARS) this.flushHedl();
  }

  json(text) {
    if (this.jsonFd === null) return;
    this.jsonParts.push(text);
    this.jsonPending += text.length;
    if (this.jsonPending >= FLUSH_CHARS) this.flushJson();
  }

  /** One matrix row at indent `depth`, with an optional `|[N]` count hint. */
  row(depth, cells, hint = -1) {
    let line = INDENT[depth] + (hint >= 0 ? `|[${hint}] ` : '|') + cells[0][0];
    for (let i = 1; i < cells.length; i++) line += ',' + cells[i][0];
    this.hedl(line + '\n');
    this.rows++;
    this.cells += cells.length;
  }

  flushHedl() {
    const text = this.hedlParts.join('');
    this.hedlParts = [];
    this.hedlPending = 0;
    this.hedlBytes += Buffer.byteLength(text);
    if (this.hedlFd !== null) fs.writeSync(this.hedlFd, text);
  }

  flushJson() {
    const text = this.jsonParts.join('');
    this.jsonParts = [];
    this.jsonPending = 0;
    this.jsonBytes += Buffer.byteLength(text);
    fs.writeSync(this.jsonFd, text);
  }

  close() {
    this.flushHedl();
    if (this.jsonFd !== null) this.flushJson();
    if (this.hedlFd !== null) fs.closeSync(this.hedlFd);
    if (this.jsonFd !== null) fs.closeSync(this.jsonFd);
  }
}

/** JSON key prefixes for a row's columns: `{"id":`, `,"name":`, ... */
const jsonKeys = (columns) => columns.map((c, i) => (i === 0 ? '{' : ',') + JSON.stringify(c) + ':');

/** A row's JSON without its closing brace (so %NEST children can follow). */
function rowJsonOpen(keys, cells) {
  let s = '';
  for (let i = 0; i < cells.length; i++) s += keys[i] + cells[i][1];
  return s;
}

/** The header: %VERSION, then %STRUCT and %NEST lines, then the separator. */
function header(sink, structs, nests = []) {
  let text = '%VERSION: 1.0\n';
  for (const [type, columns] of structs) text += `%STRUCT: ${type}: [${columns.join(',')}]\n`;
  for (const [parent, child] of nests) text += `%NEST: ${parent} > ${child}\n`;
  sink.hedl(text + '---\n');
}

/**
 * Writes one flat matrix list `key: @Type` at the root: `count` rows from
 * makeRow(i, previousCells) (previousCells is null for the first row, which
 * is what makes ditto possible). `first` tells whether a JSON comma is due.
 */
function flatList(sink, key, type, columns, count, makeRow, first) {
  const keys = jsonKeys(columns);
  sink.hedl(`${key}: @${type}\n`);
  sink.json(`${first ? '' : ','}\n${JSON.stringify(key)}:[`);
  let previous = null;
  for (let i = 0; i < count; i++) {
    const cells = makeRow(i, previous);
    sink.row(1, cells);
    sink.json((i === 0 ? '\n' : ',\n') + rowJsonOpen(keys, cells) + '}');
    previous = cells;
  }
  sink.json('\n]');
}

/**
 * Writes a key-value object tree. `entries` is a list of [key, value] where
 * value is a scalar pair or a nested entries list (never empty).
 */
function kvObject(sink, entries, depth) {
  for (let i = 0; i < entries.length; i++) {
    const [key, value] = entries[i];
    sink.json((i === 0 ? '{' : ',') + JSON.stringify(key) + ':');
    if (typeof value[0] === 'string') {
      sink.hedl(`${INDENT[depth]}${key}: ${value[0]}\n`);
      sink.json(value[1]);
    } else {
      sink.hedl(`${INDENT[depth]}${key}:\n`);
      kvObject(sink, value, depth + 1);
    }
  }
  sink.json('}');
}

// ---------------------------------------------------------------------------
// Vocabulary (made up for this generator).

// [display name, ASCII form for e-mail addresses]
const FIRST_NAMES = [
  ['Alice', 'alice'],
  ['Bob', 'bob'],
  ['Carol', 'carol'],
  ['David', 'david'],
  ['Emma', 'emma'],
  ['Frank', 'frank'],
  ['Grace', 'grace'],
  ['Hiro', 'hiro'],
  ['Ines', 'ines'],
  ['Jamal', 'jamal'],
  ['Katya', 'katya'],
  ['Liam', 'liam'],
  ['Maya', 'maya'],
  ['Noah', 'noah'],
  ['Olivia', 'olivia'],
  ['Priya', 'priya'],
  ['Quentin', 'quentin'],
  ['Rosa', 'rosa'],
  ['Samir', 'samir'],
  ['Tara', 'tara'],
  ['Umar', 'umar'],
  ['Vera', 'vera'],
  ['Wei', 'wei'],
  ['Ximena', 'ximena'],
  ['Yusuf', 'yusuf'],
  ['Zoë', 'zoe'],
  ['José', 'jose'],
  ['Søren', 'soren'],
  ['Łukasz', 'lukasz'],
  ['Amélie', 'amelie'],
  ['Björn', 'bjorn'],
  ['Chloé', 'chloe'],
  ['Anaïs', 'anais'],
  ['Mateo', 'mateo'],
  ['Aiko', 'aiko'],
  ['Kwame', 'kwame'],
  ['Leila', 'leila'],
  ['Oskar', 'oskar'],
  ['Nadia', 'nadia'],
  ['Ravi', 'ravi'],
];
const LAST_NAMES = [
  ['Johnson', 'johnson'],
  ['Smith', 'smith'],
  ['Williams', 'williams'],
  ['Brown', 'brown'],
  ['Davis', 'davis'],
  ['Miller', 'miller'],
  ['Wilson', 'wilson'],
  ['Moore', 'moore'],
  ['Taylor', 'taylor'],
  ['Anderson', 'anderson'],
  ['Nguyen', 'nguyen'],
  ['Kim', 'kim'],
  ['Patel', 'patel'],
  ['Okafor', 'okafor'],
  ['Tanaka', 'tanaka'],
  ['Rossi', 'rossi'],
  ['García', 'garcia'],
  ['Müller', 'muller'],
  ['Kowalski', 'kowalski'],
  ['Ivanova', 'ivanova'],
  ["O'Brien", 'obrien'],
  ['van der Berg', 'vanderberg'],
  ['Lindqvist', 'lindqvist'],
  ['Dubois', 'dubois'],
  ['Haddad', 'haddad'],
  ['Mensah', 'mensah'],
  ['Silva', 'silva'],
  ['Chen', 'chen'],
  ['Fischer', 'fischer'],
  ['Novak', 'novak'],
];
const DOMAINS = ['example.com', 'example.org', 'mail.example.net', 'corp.example.io'];
const DEPARTMENTS = [
  'Engineering',
  'Sales',
  'Marketing',
  'Finance',
  'Legal',
  'Support',
  'R&D',
  'Operations',
  'People',
  'Design',
  'Sales, EMEA',
  'Sales, APAC',
  'Data Science',
  'Security',
];
const JOB_TITLES = [
  'Software Engineer',
  'Senior Engineer',
  'Staff Engineer',
  'Engineering Manager',
  'Designer',
  'Product Manager',
  'Data Scientist',
  'Account Executive',
  'Support Specialist',
  'Analyst',
  'Recruiter',
  'Counsel',
  'SRE',
  'Director, Platform',
  'VP, Sales',
];
const INDUSTRIES = ['Technology', 'Manufacturing', 'Retail', 'Healthcare', 'Finance', 'Logistics', 'Energy', 'Media'];
const ORG_PREFIXES = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Stark',
  'Wayne',
  'Tyrell',
  'Cyberdyne',
  'Hooli',
  'Vandelay',
  'Soylent',
  'Massive',
];
const ORG_SUFFIXES = [
  'Robotics',
  'Systems',
  'Labs',
  'Holdings',
  'Industries',
  'Dynamics',
  'Networks',
  'Foods',
  'Analytics',
];
const PRODUCT_ADJECTIVES = [
  'Compact',
  'Deluxe',
  'Classic',
  'Ultra',
  'Eco',
  'Pro',
  'Smart',
  'Rugged',
  'Mini',
  'Heavy-duty',
];
const PRODUCT_NOUNS = [
  'Widget',
  'Gadget',
  'Sprocket',
  'Lamp',
  'Kettle',
  'Backpack',
  'Drill',
  'Headphones',
  'Chair',
  'Monitor',
  'Cable',
  'Router',
];
const PRODUCT_VARIANTS = ['large', 'small', 'blue', 'red', '2-pack', 'refurbished', 'v2'];
const CATEGORIES = ['tools', 'home', 'audio', 'office', 'outdoor', 'networking', 'kitchen', 'toys'];
const WORDS = [
  'the',
  'data',
  'parser',
  'fast',
  'simple',
  'graph',
  'schema',
  'rows',
  'cache',
  'service',
  'latency',
  'memory',
  'design',
  'release',
  'bug',
  'review',
  'query',
  'index',
  'stream',
  'team',
  'build',
  'test',
  'deploy',
  'scale',
  'format',
  'token',
  'buffer',
  'arena',
  'vector',
  'model',
  'we',
  'our',
  'new',
  'better',
  'really',
  'about',
  'with',
  'from',
  'into',
  'without',
];
const TITLE_VERBS = ['How we', 'Why we', 'When we', 'The day we', 'What happened when we', 'Finally: we'];
const TITLE_OBJECTS = ['scaled', 'rewrote', 'profiled', 'simplified', 'benchmarked', 'migrated', 'tested', 'cached'];
const SERVICE_WORDS = [
  'billing',
  'search',
  'auth',
  'checkout',
  'inventory',
  'catalog',
  'mailer',
  'reports',
  'gateway',
  'ledger',
];
const SERVICE_KINDS = ['api', 'worker', 'cron', 'proxy', 'consumer', 'web'];
const FEATURE_FLAGS = [
  'new_checkout',
  'beta_search',
  'dark_mode',
  'fast_path',
  'legacy_export',
  'audit_log',
  'rate_limit',
  'smart_retry',
];
const REGIONS = ['eu-west-1', 'eu-central-1', 'us-east-1', 'us-west-2', 'ap-south-1', 'sa-east-1'];

const personName = (rng) => {
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  return { name: `${first[0]} ${last[0]}`, local: `${first[1]}.${last[1]}` };
};
const email = (rng, local) => `${local}${rng.int(1, 999)}@${rng.pick(DOMAINS)}`;

/** A sentence of random words; sometimes with a comma, a quoted word, or a #tag. */
function sentence(rng, minWords, maxWords) {
  const n = rng.int(minWords, maxWords);
  const words = [];
  for (let i = 0; i < n; i++) words.push(rng.pick(WORDS));
  if (rng.chance(0.2)) words[rng.int(0, n - 1)] += ',';
  if (rng.chance(0.1)) words[rng.int(0, n - 1)] = `"${rng.pick(WORDS)}"`;
  if (rng.chance(0.1)) words.push('#' + rng.pick(WORDS));
  const text = words.join(' ').replace(/,$/, '');
  return text[0].toUpperCase() + text.slice(1);
}

// ---------------------------------------------------------------------------
// Shapes. Each one writes a whole document for `units` units (a unit is a row,
// an organization, a service...); `sampleUnits` is used to calibrate how many
// units make a target size.

const USER_COLUMNS = ['id', 'name', 'email', 'age', 'active', 'department', 'joined'];
const PRODUCT_COLUMNS = [
  'id',
  'sku',
  'barcode',
  'name',
  'category',
  'price',
  'weight_kg',
  'stock',
  'rating',
  'description',
];
const ORG_COLUMNS = ['id', 'name', 'industry', 'founded'];
const DEPT_COLUMNS = ['id', 'name', 'budget', 'cost_center'];
const EMPLOYEE_COLUMNS = ['id', 'name', 'title', 'email', 'salary', 'remote'];
const AUTHOR_COLUMNS = ['id', 'name', 'email'];
const POST_COLUMNS = ['id', 'author', 'title', 'reply_to', 'created'];
const COMMENT_COLUMNS = ['id', 'post', 'author', 'body', 'parent'];
const BLOG_AUTHOR_COLUMNS = ['id', 'name', 'handle', 'joined'];
const BLOG_POST_COLUMNS = ['id', 'author', 'title', 'category', 'published', 'embedding', 'views', 'score', 'related'];

// Posts and comments per unit of the refs and blog shapes.
const REFS_POSTS_PER_AUTHOR = 6;
const REFS_COMMENTS_PER_AUTHOR = 20;
const BLOG_POSTS_PER_AUTHOR = 10;
const SERVICES_PER_CLUSTER = 100;

const SHAPES = {
  users: {
    sampleUnits: 2000,
    write(sink, rng, units) {
      header(sink, [['User', USER_COLUMNS]]);
      sink.json('{');
      flatList(
        sink,
        'users',
        'User',
        USER_COLUMNS,
        units,
        (i) => {
          const person = personName(rng);
          return [
            str('u' + pad(i + 1, 6)),
            str(person.name),
            str(email(rng, person.local)),
            int(rng.int(18, 75)),
            bool(rng.chance(0.8)),
            str(rng.pick(DEPARTMENTS)),
            str(date(rng, 2005, 2024)),
          ];
        },
        true,
      );
      sink.json('\n}\n');
    },
  },

  products: {
    sampleUnits: 2000,
    write(sink, rng, units) {
      header(sink, [['Product', PRODUCT_COLUMNS]]);
      sink.json('{');
      flatList(
        sink,
        'products',
        'Product',
        PRODUCT_COLUMNS,
        units,
        (i) => {
          let name = `${rng.pick(PRODUCT_ADJECTIVES)} ${rng.pick(PRODUCT_NOUNS)}`;
          if (rng.chance(0.35)) name += ', ' + rng.pick(PRODUCT_VARIANTS); // quoted for the comma
          let description;
          const roll = rng.next();
          const edition = rng.pick(PRODUCT_ADJECTIVES).toLowerCase();
          if (roll < 0.15)
            description = `The "${edition}" edition, now ${rng.int(2, 40)}% lighter`; // `""` escapes
          else if (roll < 0.25)
            description = `${rng.int(1, 500)}`; // numeric-looking: must stay a string
          else description = sentence(rng, 3, 10);
          return [
            str('p' + pad(i + 1, 6)),
            str(`SKU-${pad(rng.int(0, 99999), 5)}`),
            str(String(rng.int(1e12, 9.999e12))), // 13 digits: a quoted string, not an int
            str(name),
            str(rng.pick(CATEGORIES)),
            flt(fixed(rng.int(99, 250000), 2)),
            flt(fixed(rng.int(5, 25000), 3)),
            int(rng.int(0, 5000)),
            rng.chance(0.1) ? NULL : flt(fixed(rng.int(10, 50), 1)),
            str(description),
          ];
        },
        true,
      );
      sink.json('\n}\n');
    },
  },

  // Organization > Department > Employee, with count hints on parent rows.
  // Every parent has at least one child, so every parent row shows its child key.
  nested: {
    sampleUnits: 40,
    write(sink, rng, units) {
      header(
        sink,
        [
          ['Organization', ORG_COLUMNS],
          ['Department', DEPT_COLUMNS],
          ['Employee', EMPLOYEE_COLUMNS],
        ],
        [
          ['Organization', 'Department'],
          ['Department', 'Employee'],
        ],
      );
      const orgKeys = jsonKeys(ORG_COLUMNS);
      const deptKeys = jsonKeys(DEPT_COLUMNS);
      const empKeys = jsonKeys(EMPLOYEE_COLUMNS);
      let deptId = 0;
      let empId = 0;
      sink.hedl('organizations: @Organization\n');
      sink.json('{"organizations":[');
      for (let o = 0; o < units; o++) {
        let orgName = `${rng.pick(ORG_PREFIXES)} ${rng.pick(ORG_SUFFIXES)}`;
        if (rng.chance(0.3)) orgName += ', Inc.';
        const org = [str('o' + pad(o + 1, 5)), str(orgName), str(rng.pick(INDUSTRIES)), int(rng.int(1900, 2020))];
        const nDepts = rng.int(2, 6);
        sink.row(1, org, nDepts);
        sink.json((o === 0 ? '\n' : ',\n') + rowJsonOpen(orgKeys, org) + ',"Department":[');
        for (let d = 0; d < nDepts; d++) {
          const centre = rng.chance(0.5) ? `CC-${rng.int(100, 999)}` : pad(rng.int(1, 9999), 5);
          const dept = [
            str('d' + pad(++deptId, 6)),
            str(rng.pick(DEPARTMENTS)),
            flt(fixed(rng.int(1e6, 5e8), 2)),
            str(centre),
          ];
          const nEmps = rng.int(1, 20);
          sink.row(2, dept, nEmps);
          sink.json((d === 0 ? '\n' : ',\n') + rowJsonOpen(deptKeys, dept) + ',"Employee":[');
          for (let e = 0; e < nEmps; e++) {
            const person = personName(rng);
            const emp = [
              str('e' + pad(++empId, 7)),
              str(person.name),
              str(rng.pick(JOB_TITLES)),
              str(email(rng, person.local)),
              flt(fixed(rng.int(30000, 250000) * 100, 2)),
              bool(rng.chance(0.4)),
            ];
            sink.row(3, emp);
            sink.json((e === 0 ? '\n' : ',\n') + rowJsonOpen(empKeys, emp) + '}');
          }
          sink.json(']}');
        }
        sink.json(']}');
      }
      sink.json('\n]}\n');
    },
  },

  // Author, Post and Comment lists whose rows reference each other: qualified
  // cross-type references and local same-type ones, forward and backward. All
  // counts are fixed up front, so every target exists.
  refs: {
    sampleUnits: 100,
    write(sink, rng, units) {
      const nAuthors = units;
      const nPosts = units * REFS_POSTS_PER_AUTHOR;
      const nComments = units * REFS_COMMENTS_PER_AUTHOR;
      const authorId = (i) => 'a' + pad(i + 1, 6);
      const postId = (i) => 'p' + pad(i + 1, 6);
      const commentId = (i) => 'c' + pad(i + 1, 7);
      header(sink, [
        ['Author', AUTHOR_COLUMNS],
        ['Post', POST_COLUMNS],
        ['Comment', COMMENT_COLUMNS],
      ]);

      // Key-value references come first: they point forward into the lists.
      sink.hedl('meta:\n');
      sink.json('{"meta":');
      kvObject(
        sink,
        [
          ['title', kvStr('Reference-heavy benchmark')],
          ['featured_post', ref('Post:' + postId(rng.int(0, nPosts - 1)))],
          ['top_author', ref('Author:' + authorId(rng.int(0, nAuthors - 1)))],
          ['pinned_comment', ref('Comment:' + commentId(rng.int(0, nComments - 1)))],
        ],
        1,
      );

      flatList(
        sink,
        'authors',
        'Author',
        AUTHOR_COLUMNS,
        nAuthors,
        (i) => {
          const person = personName(rng);
          return [str(authorId(i)), str(person.name), str(email(rng, person.local))];
        },
        false,
      );

      flatList(
        sink,
        'posts',
        'Post',
        POST_COLUMNS,
        nPosts,
        (i) => {
          let replyTo = NULL;
          if (nPosts > 1 && rng.chance(0.4)) {
            let target = rng.int(0, nPosts - 2);
            if (target >= i) target++; // anything but itself, before or after
            replyTo = ref(postId(target));
          }
          return [
            str(postId(i)),
            ref('Author:' + authorId(rng.int(0, nAuthors - 1))),
            str(`${rng.pick(TITLE_VERBS)} ${rng.pick(TITLE_OBJECTS)} the ${rng.pick(WORDS)} ${rng.pick(WORDS)}`),
            replyTo,
            str(date(rng, 2015, 2024)),
          ];
        },
        false,
      );

      flatList(
        sink,
        'comments',
        'Comment',
        COMMENT_COLUMNS,
        nComments,
        (i) => {
          // Threads: a parent comment near this one, mostly earlier.
          let parent = NULL;
          if (i > 0 && rng.chance(0.5)) {
            parent = ref(commentId(Math.max(0, Math.min(nComments - 1, i - rng.int(-3, 50)))));
          }
          if (parent[0] === '@' + commentId(i)) parent = NULL;
          return [
            str(commentId(i)),
            ref('Post:' + postId(rng.int(0, nPosts - 1))),
            ref('Author:' + authorId(rng.int(0, nAuthors - 1))),
            str(sentence(rng, 2, 9)),
            parent,
          ];
        },
        false,
      );
      sink.json('\n}\n');
    },
  },

  // Key-value objects only: clusters of services, each a tree 4-6 objects deep.
  config: {
    sampleUnits: 200,
    write(sink, rng, units) {
      header(sink, []);
      const top = [
        ['config_version', int(7)],
        ['generated_by', kvStr('hedl-bench generator')],
        ['schema', kvStr('2.1')], // looks like a float: quoted
      ];
      for (const [key, value] of top) sink.hedl(`${key}: ${value[0]}\n`);
      sink.json('{' + top.map(([key, value]) => `${JSON.stringify(key)}:${value[1]}`).join(','));
      let service = 0;
      for (let c = 0; service < units; c++) {
        const cluster = [
          ['region', kvStr(rng.pick(REGIONS))],
          ['tier', int(rng.int(1, 3))],
        ];
        const n = Math.min(SERVICES_PER_CLUSTER, units - service);
        for (let s = 0; s < n; s++) cluster.push(['svc_' + pad(++service, 6), configService(rng)]);
        const key = 'cluster_' + pad(c + 1, 4);
        sink.hedl(`${key}:\n`);
        sink.json(`,\n${JSON.stringify(key)}:`);
        kvObject(sink, cluster, 1);
      }
      sink.json('\n}\n');
    },
  },

  // Authors and posts: embeddings as tensors, cross-type and same-type
  // references, and ditto cells (author, category, date and related post).
  blog: {
    sampleUnits: 100,
    write(sink, rng, units) {
      const nAuthors = units;
      const nPosts = units * BLOG_POSTS_PER_AUTHOR;
      const authorId = (i) => 'a' + pad(i + 1, 5);
      const postId = (i) => 'p' + pad(i + 1, 6);
      header(sink, [
        ['Author', BLOG_AUTHOR_COLUMNS],
        ['Post', BLOG_POST_COLUMNS],
      ]);
      sink.hedl('site:\n');
      sink.json('{"site":');
      kvObject(
        sink,
        [
          ['title', kvStr('Engineering Notes')],
          ['url', kvStr('https://blog.example.com/')],
          ['embedding_dim', int(8)],
          ['latest', ref('Post:' + postId(nPosts - 1))],
        ],
        1,
      );

      flatList(
        sink,
        'authors',
        'Author',
        BLOG_AUTHOR_COLUMNS,
        nAuthors,
        (i) => {
          const person = personName(rng);
          return [
            str(authorId(i)),
            str(person.name),
            str('@' + person.local.replace('.', '_')), // starts with '@': quoted
            str(date(rng, 2010, 2020)),
          ];
        },
        false,
      );

      flatList(
        sink,
        'posts',
        'Post',
        BLOG_POST_COLUMNS,
        nPosts,
        (i, previous) => {
          // Ditto repeats the previous row's value of the same column.
          const again = (p) => previous !== null && rng.chance(p);
          const related = i > 0 && rng.chance(0.5) ? ref(postId(rng.int(Math.max(0, i - 100), i - 1))) : NULL;
          return [
            str(postId(i)),
            again(0.35) ? ditto(previous[1]) : ref('Author:' + authorId(rng.int(0, nAuthors - 1))),
            str(`${rng.pick(TITLE_VERBS)} ${rng.pick(TITLE_OBJECTS)} the ${rng.pick(WORDS)}`),
            again(0.4) ? ditto(previous[3]) : str(rng.pick(CATEGORIES)),
            again(0.3) ? ditto(previous[4]) : str(date(rng, 2018, 2024)),
            tensor(rng, 8),
            int(rng.int(0, 250000)),
            flt(fixed(rng.int(0, 1000), 2)),
            again(0.15) ? ditto(previous[8]) : related,
          ];
        },
        false,
      );
      sink.json('\n}\n');
    },
  },
};

/** One service of the config shape: an entries tree 4 to 6 objects deep below the root. */
function configService(rng) {
  const name = `${rng.pick(SERVICE_WORDS)}-${rng.pick(SERVICE_KINDS)}`;
  const svc = [
    ['name', kvStr(name)],
    ['enabled', bool(rng.chance(0.9))],
    ['replicas', int(rng.int(1, 12))],
    ['image', kvStr(`registry.example.com/${name}:${rng.int(0, 3)}.${rng.int(0, 20)}.${rng.int(0, 9)}`)],
    ['description', kvStr(`Handles ${rng.pick(WORDS)}, ${rng.pick(WORDS)} and ${rng.pick(WORDS)}`)],
    [
      'resources',
      [
        [
          'limits',
          [
            ['cpu', flt(fixed(rng.int(1, 80), 1))],
            ['memory_mb', int(rng.int(1, 64) * 128)],
          ],
        ],
        [
          'requests',
          [
            ['cpu', flt(fixed(rng.int(5, 400), 2))],
            ['memory_mb', int(rng.int(1, 32) * 64)],
          ],
        ],
      ],
    ],
  ];
  const tls = [
    ['enabled', bool(rng.chance(0.85))],
    ['secret_name', kvStr(`${name}-tls`)],
    ['min_version', kvStr(rng.pick(['1.2', '1.3']))], // a string that looks like a float
  ];
  if (rng.chance(0.3)) tls.push(['note', kvStr(`rotated # ${rng.int(1, 12)} times`)]);
  svc.push([
    'network',
    [
      ['port', int(rng.int(1024, 65535))],
      ['protocol', kvStr(rng.pick(['http', 'grpc', 'tcp']))],
      [
        'ingress',
        [
          ['host', kvStr(`${name}.${rng.pick(DOMAINS)}`)],
          ['path', kvStr(`/api/v${rng.int(1, 3)}`)],
          ['tls', tls],
        ],
      ],
    ],
  ]);
  const flags = rng.sample(FEATURE_FLAGS, rng.int(1, 4)).map((flag) => [flag, bool(rng.chance(0.5))]);
  svc.push([
    'env',
    [
      ['log_level', kvStr(rng.pick(['debug', 'info', 'warn', 'error']))],
      ['timeout_ms', int(rng.int(100, 30000))],
      ['proxy', rng.chance(0.7) ? NULL : kvStr(`http://proxy.${rng.pick(DOMAINS)}:3128`)],
      ['feature_flags', flags],
    ],
  ]);
  if (rng.chance(0.5)) {
    svc.push([
      'observability',
      [
        [
          'metrics',
          [
            ['enabled', TRUE],
            ['scrape_interval_s', flt(fixed(rng.int(5, 120), 1))],
            [
              'labels',
              [
                ['team', kvStr(rng.pick(DEPARTMENTS))],
                ['cost_center', kvStr(pad(rng.int(1, 9999), 5))], // numeric-looking: quoted
                ['color', kvStr('#' + rng.int(0, 0xffffff).toString(16).padStart(6, '0'))],
              ],
            ],
          ],
        ],
      ],
    ]);
  }
  if (rng.chance(0.3)) {
    // The deepest branch: cluster > service > overrides > region > zone > canary.
    svc.push([
      'overrides',
      [
        [
          rng.pick(REGIONS).replace(/-/g, '_'),
          [
            [
              'zone_' + 'abc'[rng.int(0, 2)],
              [
                [
                  'canary',
                  [
                    ['weight', flt(fixed(rng.int(1, 50), 2))],
                    ['owner', kvStr(`ops # oncall ${rng.int(1, 9)}`)],
                    ['paused', bool(rng.chance(0.2))],
                  ],
                ],
              ],
            ],
          ],
        ],
      ],
    ]);
  }
  return svc;
}

// ---------------------------------------------------------------------------
// Driver.

/** "10k" -> 10000, "1m" -> 1000000, "50m" -> 50000000 (also plain numbers and "g"). */
function parseSize(text) {
  const m = /^(\d+(?:\.\d+)?)([kmg]?)$/i.exec(text);
  if (!m) throw new Error(`bad size: ${text}`);
  const scale = { '': 1, k: 1e3, m: 1e6, g: 1e9 }[m[2].toLowerCase()];
  return Math.round(Number(m[1]) * scale);
}

const seedFor = (shape) => fnv1a(`hedl-bench/${shape}`);

/** How many units of `shape` make a HEDL file of about `target` bytes. */
function unitsFor(shape, target) {
  const spec = SHAPES[shape];
  const probe = new Sink();
  spec.write(probe, new Rng(seedFor(shape)), spec.sampleUnits);
  probe.close();
  return Math.max(1, Math.round((spec.sampleUnits * target) / probe.hedlBytes));
}

function generate(outDir, shape, sizeName, skipExisting) {
  const base = path.join(outDir, `${shape}-${sizeName}`);
  if (skipExisting && fs.existsSync(base + '.hedl') && fs.existsSync(base + '.json')) {
    console.log(`${base}.{hedl,json}: exists, skipped`);
    return;
  }
  const started = process.hrtime.bigint();
  const units = unitsFor(shape, parseSize(sizeName));
  // Temporary names, renamed when complete: an interrupted run leaves no half file.
  const sink = new Sink(base + '.hedl.tmp', base + '.json.tmp');
  SHAPES[shape].write(sink, new Rng(seedFor(shape)), units);
  sink.close();
  fs.renameSync(base + '.hedl.tmp', base + '.hedl');
  fs.renameSync(base + '.json.tmp', base + '.json');
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  console.log(
    `${base}.hedl: ${sink.hedlBytes} bytes, ${sink.rows} rows, ${sink.cells} cells; ` +
      `json ${sink.jsonBytes} bytes (${ms.toFixed(0)} ms)`,
  );
}

/** Verifies OUTDIR/<shape>-10k.json; returns a list of problems. */
function check(outDir, shape) {
  const base = path.join(outDir, `${shape}-10k`);
  const problems = [];
  let data;
  try {
    data = JSON.parse(fs.readFileSync(base + '.json', 'utf8'));
  } catch (e) {
    return [`${base}.json: JSON.parse failed: ${e.message}`];
  }
  // Every HEDL row is one JSON object with an "id"; every reference names one.
  const ids = new Set();
  const refs = [];
  let rowObjects = 0;
  const walk = (v) => {
    if (Array.isArray(v)) {
      for (const x of v) {
        if (x !== null && typeof x === 'object' && !Array.isArray(x) && typeof x.id === 'string') {
          rowObjects++;
          ids.add(x.id);
        }
        walk(x);
      }
    } else if (v !== null && typeof v === 'object') {
      if (typeof v['@ref'] === 'string') refs.push(v['@ref']);
      else for (const x of Object.values(v)) walk(x);
    }
  };
  walk(data);
  const hedlRows = fs
    .readFileSync(base + '.hedl', 'utf8')
    .split('\n')
    .filter((l) => /^ *\|/.test(l)).length;
  if (hedlRows !== rowObjects) problems.push(`${base}: ${hedlRows} HEDL rows but ${rowObjects} JSON rows`);
  for (const r of refs) {
    const id = r.slice(r.indexOf(':') + 1).replace(/^@/, '');
    if (!ids.has(id)) problems.push(`${base}.json: dangling reference ${r}`);
  }
  if (problems.length === 0) console.log(`${base}.json: ok (${rowObjects} rows, ${refs.length} references)`);
  return problems;
}

function main(argv) {
  const usage = 'usage: node generate.mjs OUTDIR [--sizes 10k,1m,50m] [--shapes a,b] [--skip-existing] [--check]';
  let outDir = null;
  let sizes = ['10k', '1m', '50m'];
  let shapes = Object.keys(SHAPES);
  let skipExisting = false;
  let doCheck = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--sizes') sizes = (argv[++i] ?? '').split(',').filter(Boolean);
    else if (arg === '--shapes') shapes = (argv[++i] ?? '').split(',').filter(Boolean);
    else if (arg === '--skip-existing') skipExisting = true;
    else if (arg === '--check') doCheck = true;
    else if (arg === '-h' || arg === '--help') {
      console.log(usage + '\nshapes: ' + Object.keys(SHAPES).join(', '));
      return 0;
    } else if (!arg.startsWith('--') && outDir === null) outDir = arg;
    else {
      console.error(`unknown argument: ${arg}\n${usage}`);
      return 2;
    }
  }
  if (outDir === null) {
    console.error(usage);
    return 2;
  }
  for (const shape of shapes) {
    if (!(shape in SHAPES)) {
      console.error(`unknown shape: ${shape} (known: ${Object.keys(SHAPES).join(', ')})`);
      return 2;
    }
  }
  for (const size of sizes) parseSize(size); // fail early on a bad size
  if (doCheck && !sizes.includes('10k')) sizes = ['10k', ...sizes];

  fs.mkdirSync(outDir, { recursive: true });
  for (const shape of shapes) {
    for (const size of sizes) generate(outDir, shape, size, skipExisting);
  }
  if (doCheck) {
    const problems = shapes.flatMap((shape) => check(outDir, shape));
    for (const p of problems) console.error(p);
    if (problems.length > 0) return 1;
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));

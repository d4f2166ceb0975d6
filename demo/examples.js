// The example picker: small documents in examples/*.hedl, each showing one
// idea, plus a generated large document that shows the parser's speed.

export const EXAMPLES = [
  { id: 'users', title: 'Users (typed rows)', file: 'examples/users.hedl' },
  { id: 'org-chart', title: 'Org chart (%NEST hierarchy)', file: 'examples/org-chart.hedl' },
  { id: 'references', title: 'Orders (references)', file: 'examples/references.hedl' },
  { id: 'config', title: 'Service config', file: 'examples/config.hedl' },
  { id: 'tensors', title: 'ML model (tensors, expressions)', file: 'examples/tensors.hedl' },
  { id: 'hedl-2', title: 'HEDL 2.0 (lists, child blocks)', file: 'examples/hedl-2.hedl' },
  { id: 'errors', title: 'Broken on purpose (errors)', file: 'examples/errors.hedl' },
  { id: 'large', title: 'Large: 5 MB of users', generate: () => largeDocument(5 * 1024 * 1024) },
];

const FIRST = ['Ada', 'Ben', 'Chen', 'Dana', 'Eli', 'Fatima', 'Goran', 'Hana', 'Ines', 'Jonas', 'Kai', 'Lena'];
const LAST = ['Novak', 'Silva', 'Okafor', 'Ivanova', 'Tanaka', 'Moreau', 'Schmidt', 'Haddad', 'Kowalski', 'Berg'];
const TEAMS = ['Engineering', 'Operations', 'Research', 'Design', 'Sales'];
const ROLES = ['developer', 'sre', 'scientist', 'designer', 'manager', 'analyst'];

/** Returns a valid HEDL document of about `bytes` bytes: users, with a deterministic mix of values. */
export function largeDocument(bytes) {
  const parts = [
    '%VERSION: 1.0\n',
    '%STRUCT: User: [id, name, email, team, role, active, score, manager]\n',
    '---\n',
    '# Generated in your browser to show the parser on a big document.\n',
    'users: @User\n',
  ];
  let size = parts.reduce((n, p) => n + p.length, 0);
  let seed = 42;
  const next = (n) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    // The high bits: the low bits of this generator repeat with short periods.
    return (seed >>> 12) % n;
  };
  let prevTeam = '';
  for (let i = 1; size < bytes; i++) {
    const first = FIRST[next(FIRST.length)];
    const last = LAST[next(LAST.length)];
    const team = next(4) === 0 ? prevTeam || TEAMS[0] : TEAMS[next(TEAMS.length)];
    const teamCell = i > 1 && team === prevTeam ? '^' : team;
    prevTeam = team;
    const manager = i > 1 && next(3) === 0 ? `@u${String(1 + next(i - 1)).padStart(6, '0')}` : '~';
    const row =
      `  |u${String(i).padStart(
        6,
        '0',
      )}, ${first} ${last}, ${first.toLowerCase()}.${last.toLowerCase()}${i}@example.com, ` +
      `${teamCell}, ${ROLES[next(ROLES.length)]}, ${next(5) !== 0}, ${next(1000) / 10}, ${manager}\n`;
    parts.push(row);
    size += row.length;
  }
  return parts.join('');
}

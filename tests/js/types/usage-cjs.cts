// The CommonJS types (dist/index.d.cts) as a require() user sees them.
import hedl = require('../../../npm/dist/index.cjs');

async function main(): Promise<void> {
  await hedl.init();
  const doc = hedl.parse('%VERSION: 1.0\n---\na: 1\n');
  const v: hedl.JsonObject = doc.toJSON();
  doc.delete();
  const r: hedl.ValidationResult = hedl.validate('x');
  void [v, r];
}
void main;

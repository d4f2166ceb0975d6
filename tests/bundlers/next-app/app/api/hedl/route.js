// A Vercel Edge / Next.js edge route handler: POSTed HEDL back as JSON, with
// HedlError's kind and line as a 400. No configuration about hedl: the
// `edge-light` export condition gives the entry that imports hedl.wasm as a
// module (the edge runtime does not compile wasm from bytes).
import { init, parse, HedlError } from 'hedl';

export const runtime = 'edge';

export async function POST(request) {
  await init();
  try {
    const doc = parse(await request.text());
    try {
      return Response.json(doc.toJSON());
    } finally {
      doc.delete();
    }
  } catch (e) {
    if (!(e instanceof HedlError)) throw e;
    return Response.json({ kind: e.kind, line: e.line }, { status: 400 });
  }
}

// The Cloudflare-style worker: the README's lines in a fetch handler.
import { init, parse } from 'hedl';

export default {
  async fetch() {
    await init();
    const doc = parse('%V:2.0\n%NULL:~\n%QUOTE:"\n%S:User:[id,name]\n---\nusers:@User\n |u1,Ann\n |u2,Bo\n');
    try {
      return new Response('ok ' + JSON.stringify(doc.toJSON()));
    } finally {
      doc.delete();
    }
  },
};

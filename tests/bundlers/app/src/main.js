// The app every bundler builds: the README's three lines, no configuration.
import { init, parse } from 'hedl';

await init();
const doc = parse('%V:2.0\n%NULL:~\n%QUOTE:"\n%S:User:[id,name]\n---\nusers:@User\n |u1,Ann\n |u2,Bo\n');
document.getElementById('out').textContent = 'ok ' + JSON.stringify(doc.toJSON());
doc.delete();

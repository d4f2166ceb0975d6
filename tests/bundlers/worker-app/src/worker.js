// The worker: the README's three lines.
import { init, parse } from 'hedl';

self.onmessage = async (e) => {
  await init();
  const doc = parse(e.data);
  self.postMessage('ok ' + JSON.stringify(doc.toJSON()));
  doc.delete();
};

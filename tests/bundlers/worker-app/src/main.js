// A page that runs hedl in a module Web Worker, as bundlers build workers.
const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
worker.onmessage = (e) => {
  document.getElementById('out').textContent = e.data;
};
worker.onerror = (e) => {
  document.getElementById('out').textContent = 'error ' + e.message;
};
worker.postMessage('%V:2.0\n%NULL:~\n%QUOTE:"\n%S:User:[id,name]\n---\nusers:@User\n |u1,Ann\n |u2,Bo\n');

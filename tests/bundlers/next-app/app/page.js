'use client';
// The README's three lines in a client component.
import { useEffect, useState } from 'react';
import { init, parse } from 'hedl';

export default function Page() {
  const [out, setOut] = useState('running');
  useEffect(() => {
    init().then(
      () => {
        const doc = parse('%V:2.0\n%NULL:~\n%QUOTE:"\n%S:User:[id,name]\n---\nusers:@User\n |u1,Ann\n |u2,Bo\n');
        setOut('ok ' + JSON.stringify(doc.toJSON()));
        doc.delete();
      },
      (e) => setOut('error ' + e),
    );
  }, []);
  return <pre id="out">{out}</pre>;
}

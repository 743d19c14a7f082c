import { it } from 'vitest';
import { Registrations } from '../../../src/main/core/live/registrations';
import { listItems, withFields } from './transcripts';
it('p', () => {
    const [contact] = listItems('12_PJSIPShowContacts');
    const [endpoint] = listItems('10_PJSIPShowEndpoints');
    const contacts = [];
    const endpoints = [];
    for (let i = 0; i < 10_000; i++) {
      const n = String(100_000 + i);
      endpoints.push(withFields(endpoint!, { ObjectName: n, Aor: n, Auths: n }));
      contacts.push(withFields(contact!, { ObjectName: `${n};@h${i}`, Endpoint: n, Uri: `sip:${n}@10.0.${i >> 8}.${i & 255}:5060` }));
    }
    const r = new Registrations();
    for (let k=0;k<10;k++){ const t0 = performance.now(); r.rebuild(contacts, endpoints); console.log((performance.now()-t0).toFixed(1)); }
});

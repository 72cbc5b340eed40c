// Fake reader process for supervision tests: sends messages that must be refused, then one good read.
setInterval(() => process.send?.({ type: 'heartbeat' }), 200);
process.on('message', (m) => {
  if (m?.type !== 'configure') return;
  process.send?.({ type: 'ready' });
  process.send?.({ type: 'bogus' });
  process.send?.({
    type: 'read',
    reader: 'R',
    ageMs: -1,
    apdus: 1,
    apduMs: 1,
    read: { ok: true, kind: 'apple', token: 'X', detail: '' },
  });
  process.send?.('not even an object');
  process.send?.({ type: 'reader', name: 'R', state: 'attached' });
  process.send?.({
    type: 'read',
    reader: 'R',
    ageMs: 5,
    apdus: 2,
    apduMs: 3,
    read: { ok: true, kind: 'uid', token: 'AABB', detail: 'UID' },
  });
});
process.on('disconnect', () => process.exit(0));

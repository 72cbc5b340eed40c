// Fake reader process for supervision tests: behaves until configured, then freezes its event loop the way
// nfc-pcsc does when pcscd vanishes (a busy loop in native code: no heartbeat, no IPC).
setInterval(() => process.send?.({ type: 'heartbeat' }), 200);
process.on('message', (m) => {
  if (m?.type !== 'configure') return;
  process.send?.({ type: 'ready' });
  setTimeout(() => {
    for (;;) {
      // spin
    }
  }, 300);
});
process.on('disconnect', () => process.exit(0));

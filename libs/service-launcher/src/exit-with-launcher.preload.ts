/**
 * Preloaded into every service the launcher starts (`node -r`): the launcher holds an IPC channel
 * to each, and when the launcher dies without stopping them (SIGKILL, a crash, an OOM kill) the
 * channel closes. The service then stops itself with the same SIGTERM the launcher would have sent,
 * so its graceful shutdown runs (in-flight work finishes and commits) instead of it running on,
 * orphaned, holding its port and its consumer group.
 */
if (process.channel) {
  // The channel alone must never keep a stopped service alive.
  process.channel.unref();
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}

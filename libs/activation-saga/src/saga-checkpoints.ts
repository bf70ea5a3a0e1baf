/**
 * Points where a vendor has acted and the saga has not yet committed it: a crash there leaves an
 * outcome the next attempt must learn by asking the vendor. `paymentCaptured`: the processor
 * captured, the row still says `paymentCapture`; `taxCommitted`: the engine committed the
 * document, the row still says `taxCommit`.
 */
export type SagaCheckpoint = 'paymentCaptured' | 'taxCommitted';

/**
 * Called at each checkpoint with the activation id. Production passes none; a crash test passes
 * one that kills the process there, so the crash lands at a fixed point and not at a random one.
 */
export type SagaCheckpointHook = (checkpoint: SagaCheckpoint, activationId: string) => void;

export const NO_CHECKPOINT_HOOK: SagaCheckpointHook = () => undefined;

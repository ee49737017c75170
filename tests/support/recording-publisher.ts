import type { PublishSignal } from '../../core/publish-signal.js';
import type { Publisher, PublisherStatus } from '../../publishing/publisher.js';

/** A publisher that only records the signals the real signal endpoint accepts. */
export function recordingPublisher(): Publisher & { received: PublishSignal[] } {
  const received: PublishSignal[] = [];
  return {
    received,
    signal: (signal) => void received.push(signal),
    rebuild() {},
    status: async () => ({}) as PublisherStatus,
    idle: async () => {},
    close: async () => {},
  };
}

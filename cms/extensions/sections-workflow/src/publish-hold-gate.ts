import type { Knex } from 'knex';
import { HOLD_RELEASED_EVENT, heldUntil, PUBLISH_HOLDS_COLLECTION } from '../../../../core/publish-hold.js';
import type { PublishNotifier } from './publish-notifier.js';

type Action = (event: string, handler: () => void) => void;

/**
 * The publisher hears nothing while an import holds publishing (core/publish-hold.ts), and hears
 * once when the hold is released, so it builds the completed import in one go. A hold that cannot
 * be read (the migration not applied yet) holds nothing.
 */
export function holdingPublisher(publisher: PublishNotifier, database: Knex, action: Action, warn: (message: string) => void): Pick<PublishNotifier, 'notify'> {
  const held = async (): Promise<boolean> => {
    try {
      const rows = (await database(PUBLISH_HOLDS_COLLECTION).select('expires_at')) as { expires_at: unknown }[];
      return heldUntil(rows.map((row) => row.expires_at), Date.now()) !== null;
    } catch {
      return false;
    }
  };
  const notify = (event: string, keys: readonly string[]) => {
    void held().then(
      (isHeld) => (isHeld ? undefined : publisher.notify(event, keys)),
      (error: unknown) => warn(`[sections-workflow] could not check the publishing holds: ${String(error)}`),
    );
  };
  action(`${PUBLISH_HOLDS_COLLECTION}.items.delete`, () => notify(HOLD_RELEASED_EVENT, []));
  return { notify };
}

import { migrations } from '../../migrations/index.js';
import { ensureSiteReader, ensureWorkingAccount } from './accounts.js';
import { ROLE } from '../../core/fixed-ids.js';
import type { CmsClient } from '../../platform/cms-client.js';
import type { CmsSettings } from '../../platform/settings/schema.js';
import { migrate, type MigrateOptions } from '../../migrations/lib/migration-runner.js';
import { ensureGuideLink } from './guide-link.js';
import { ensurePreviewUrl } from './preview-url.js';
import type { MigrationPlan } from '../../migrations/lib/migration-plan.js';

export interface ProvisionOptions extends MigrateOptions {
  client: CmsClient;
  settings: Pick<CmsSettings, 'SITE_READER_TOKEN' | 'CTO_EMAIL' | 'CTO_PASSWORD' | 'STUDENT_EMAIL' | 'STUDENT_PASSWORD'>;
  log: (line: string) => void;
  /** Where the editors' preview server is reached; the admin app's preview button opens drafts there. */
  previewUrl?: string;
  /** The editors' guide on the public site: the admin app's "?" opens it. */
  guideUrl?: string;
}

/** Brings a running Directus to the project's state: schema migrations, then the accounts .env names. */
export async function provision({ client, settings, log, previewUrl, guideUrl, ...options }: ProvisionOptions): Promise<MigrationPlan> {
  const plan = await migrate({ client, log }, migrations, options);
  if (options.dryRun || options.to) return plan;
  await ensureSiteReader(client, settings.SITE_READER_TOKEN, log);
  if (previewUrl) await ensurePreviewUrl(client, previewUrl, log);
  if (guideUrl) await ensureGuideLink(client, guideUrl, log);
  if (settings.CTO_EMAIL && settings.CTO_PASSWORD) {
    await ensureWorkingAccount(client, { email: settings.CTO_EMAIL, password: settings.CTO_PASSWORD, role: ROLE.cto, first_name: 'CTO', last_name: 'tapbot' }, log);
  }
  if (settings.STUDENT_EMAIL && settings.STUDENT_PASSWORD) {
    await ensureWorkingAccount(client, { email: settings.STUDENT_EMAIL, password: settings.STUDENT_PASSWORD, role: ROLE.student, first_name: 'Студент', last_name: 'Первый' }, log);
  }
  return plan;
}

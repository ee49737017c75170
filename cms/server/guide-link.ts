import { readSettings, updateSettings } from '@directus/sdk';
import { cmsRequest, type CmsClient } from '../../platform/cms-client.js';

/** One entry of Directus's module bar (`directus_settings.module_bar`). */
export interface ModuleBarEntry {
  type: 'module' | 'link';
  id: string;
  enabled: boolean;
  name?: string;
  icon?: string;
  url?: string;
  locked?: boolean;
}

/** Directus 11.17's own module bar, which a project without a `module_bar` setting shows. */
const DIRECTUS_DEFAULT: readonly ModuleBarEntry[] = [
  { type: 'module', id: 'content', enabled: true },
  { type: 'module', id: 'visual', enabled: false },
  { type: 'module', id: 'users', enabled: true },
  { type: 'module', id: 'files', enabled: true },
  { type: 'module', id: 'insights', enabled: true },
  { type: 'module', id: 'deployments', enabled: false },
  { type: 'link', id: 'docs', enabled: true, name: '$t:documentation', icon: 'help', url: 'https://docs.directus.io' },
  { type: 'module', id: 'settings', enabled: true, locked: true },
];

export const GUIDE_LINK_ID = 'editors-guide';

/**
 * The module bar with the "?" pointing at the team's own editors' guide instead of Directus's
 * documentation (English, about building with Directus — not what an editor here needs). Pure;
 * whatever else the admin arranged in the bar stays as it is.
 */
export function moduleBarWithGuide(current: readonly ModuleBarEntry[] | null, guideUrl: string): ModuleBarEntry[] {
  const guide: ModuleBarEntry = { type: 'link', id: GUIDE_LINK_ID, enabled: true, name: 'Руководство редактора', icon: 'help', url: guideUrl };
  const bar = (current && current.length > 0 ? current : DIRECTUS_DEFAULT).filter((entry) => entry.id !== GUIDE_LINK_ID);
  const docs = bar.findIndex((entry) => entry.type === 'link' && entry.id === 'docs');
  if (docs >= 0) return [...bar.slice(0, docs), guide, ...bar.slice(docs + 1)];
  const settings = bar.findIndex((entry) => entry.id === 'settings');
  return settings >= 0 ? [...bar.slice(0, settings), guide, ...bar.slice(settings)] : [...bar, guide];
}

/** Applied from the settings (like the preview link): where the site is deployed decides the address. */
export async function ensureGuideLink(client: CmsClient, guideUrl: string, log: (line: string) => void = () => {}): Promise<void> {
  await cmsRequest(`link the editors' guide ${guideUrl} from the admin app`, async () => {
    const settings = (await client.request(readSettings())) as { module_bar?: ModuleBarEntry[] | null };
    const wanted = moduleBarWithGuide(settings.module_bar ?? null, guideUrl);
    if (JSON.stringify(settings.module_bar) === JSON.stringify(wanted)) return;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await client.request(updateSettings({ module_bar: wanted } as any));
    log(`  ~ module bar: «Руководство редактора» → ${guideUrl}`);
  });
}

import { customEndpoint, readItem } from '@directus/sdk';
import { parseWith } from '../../../core/parse-with.js';
import { SECTION_RECORD_FIELDS, sectionRecordSchema, type SectionRecord } from '../../../core/section-record.js';
import { PREVIEW_GATE_PATH } from '../../../core/site-reader-queries.js';
import { cmsErrorStatus, createCmsClient, describeCmsError } from '../../../platform/cms-client.js';
import { fetchAllSections, fetchPeople } from '../../../platform/fetch-sections.js';
import { buildSiteModel, type SiteModel, type SiteSection } from './site-model.js';
import { renderMarkdown, type RenderedBody } from './render-markdown.js';
import type { PreviewLocals } from './preview-auth.js';

/** The token is missing, expired or not an editor's: the page asks the editor to log in. */
export class PreviewAuthError extends Error {
  constructor(
    message: string,
    readonly status: 401 | 403,
  ) {
    super(message);
    this.name = 'PreviewAuthError';
  }
}

export class PreviewNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PreviewNotFoundError';
  }
}

export interface Preview {
  model: SiteModel;
  section: SiteSection;
  rendered: RenderedBody;
  /** The content version shown, or null for the item as saved. */
  version: string | null;
}

export interface LoadPreviewOptions {
  locals: PreviewLocals;
  token: string;
  id: string;
  version: string | null;
  fetch?: typeof globalThis.fetch;
}

function classify(error: unknown, what: string): Error {
  const status = cmsErrorStatus(error) ?? cmsErrorStatus((error as { cause?: unknown }).cause);
  if (status === 401) return new PreviewAuthError('Сессия истекла или токен недействителен: войдите снова', 401);
  if (status === 403 || status === 404) return new PreviewNotFoundError(`${what}: нет такого раздела или версии, или у вашей учётной записи нет к ним доступа`);
  return new Error(`${what}: Directus не ответил (${describeCmsError(error)})`, { cause: error });
}

/**
 * A draft as the site would show it, read with the editor's own token: the whole tree (so the
 * breadcrumbs, children and previous/next are the real ones) with this section's body shown
 * whatever its status, and a content version's changes applied when one is asked for.
 */
export async function loadPreview({ locals, token, id, version, fetch }: LoadPreviewOptions): Promise<Preview> {
  const client = createCmsClient({ url: locals.directusUrl, token, ...(fetch ? { fetch } : {}) });
  // Editors are the accounts that may write sections (CTO, students, admins). The site reader may
  // read drafts through the API, but previews are for the people who write them.
  let access: Record<string, Record<string, { access?: string }>>;
  try {
    access = await client.request(customEndpoint<typeof access>({ method: 'GET', path: PREVIEW_GATE_PATH }));
  } catch (error) {
    throw classify(error, 'Проверка учётной записи');
  }
  const sections = access.sections ?? {};
  const canWrite = ['create', 'update'].some((action) => (sections[action]?.access ?? 'none') !== 'none');
  if (!canWrite) throw new PreviewAuthError('Предпросмотр доступен только редакторам: войдите учётной записью CTO или студента', 403);

  const key = version && version !== 'main' ? version : null;
  let records: SectionRecord[];
  let item: SectionRecord;
  try {
    const [all, raw] = await Promise.all([
      fetchAllSections({ client }),
      client.request(readItem('sections', id, { fields: [...SECTION_RECORD_FIELDS], ...(key ? { version: key } : {}) })),
    ]);
    records = all;
    item = parseWith(sectionRecordSchema, raw, `раздел ${id}`);
  } catch (error) {
    throw classify(error, key ? `Версия «${key}» раздела ${id}` : `Раздел ${id}`);
  }
  const people = await fetchPeople(client).catch(() => []);
  // The version's changes replace the saved item; a version may not change the tree's shape here.
  const merged = records.map((s) => (s.id === id ? { ...item, parent: s.parent, code: s.code } : s));
  const model = buildSiteModel(merged, people, { siteUrl: locals.siteUrl, directusPublicUrl: locals.directusPublicUrl, previewId: id });
  const section = model.byId.get(id);
  if (!section) throw new PreviewNotFoundError(`Раздел ${id} не найден`);
  const rendered = renderMarkdown(section.body ?? '', { resolveCode: (code) => model.resolveCode(code)?.path ?? null });
  return { model, section, rendered, version: key };
}

import { createTranslation, readCollection, readTranslations, updateCollection, updateTranslation } from '@directus/sdk';
import type { Migration, MigrationContext } from './lib/migration.js';

/**
 * Directus 11.17's Russian leaves 339 of its strings in English (the app falls back to en-US), and
 * some of them are exactly where the team works: the version dialogs, the users list, revisions,
 * unsaved-changes prompts. The app merges the custom translations (`directus_translations`, which
 * every account with app access reads) over its own messages at login, key for key, so a row here
 * replaces the English, and a wording the team finds misleading (`promote_version`, «Повысить
 * версию») too. The app escapes `|` in custom translations, so a plural is written as one form
 * that reads right for any number («Различий: 2»).
 */
export const RUSSIAN_APP_STRINGS: Readonly<Record<string, string>> = {
  // Content versions: a student's edit of a published section waits in one for the CTO.
  promote_version: 'Принять версию',
  compare_version: 'Сравнить с основной',
  save_version: 'Сохранить версию',
  create_version: 'Создать версию',
  switch_version: 'Другая версия',
  rename_version: 'Переименовать версию',
  delete_on_apply_copy: 'Текст версии «{version}» станет основным. Что сделать с «{version}» после этого?',
  differences_count: 'Различий: {count}',
  show_differences_only: 'Только различия',
  main_updated_notice: 'Основной текст изменился после того, как создана эта версия.',
  reserved_version_key: 'Ключ версии «{key}» зарезервирован, выберите другой.',
  unknown_version: 'Неизвестная версия',
  discard: 'Отбросить',
  discard_label: 'Отбросить',
  content_edited: 'Текст изменён',
  // Revisions.
  compare_to_latest_to_restore: 'Сравните с последней ревизией, чтобы решить, восстанавливать ли эту',
  select_earlier_revision_to_restore: 'Выберите более раннюю ревизию, чтобы восстановить её',
  unknown_revision: 'Неизвестная ревизия',
  // Users: the CTO invites students.
  active_users: 'Активные пользователи',
  suspended_users: 'Заблокированные пользователи',
  invited_users: 'Приглашённые пользователи',
  no_active_users: 'Нет активных пользователей',
  no_suspended_users: 'Нет заблокированных пользователей',
  no_invited_users: 'Нет приглашённых пользователей',
  no_status_users_copy: 'Нет пользователей со статусом «{status}».',
  more_users: 'Показать ещё',
  'errors.INVALID_INVITE': 'Это приглашение больше не действует',
  password_reset_sent: 'Если у вас есть учётная запись с паролем, мы отправили на вашу почту ссылку для его сброса',
  // Editing together and leaving unsaved changes.
  collab_disconnected: 'Совместное редактирование отключено',
  collab_currently_viewing: 'Сейчас смотрят',
  unsaved_changes_collab: 'Несохранённые общие изменения',
  unsaved_changes_copy_collab: 'Этот раздел редактируют и другие. Ваши изменения пока останутся в общем сеансе, но могут пропасть, если не сохранить их.',
  discard_changes_copy_collab: 'Этот раздел редактируют и другие. Отмена сотрёт несохранённые правки всех участников сеанса.',
  leave_page: 'Уйти со страницы',
  cancel_anyway: 'Всё равно отменить',
  // Forms and lists.
  validation_value_is_invalid: 'Недопустимое значение',
  invalid_range_min: 'Значение меньше минимума ({value})',
  relationship_not_setup: 'Связь не настроена или у вас нет к ней доступа',
  files_are_empty: 'Эти файлы пусты, их нельзя загрузить: {files}',
  files_wrong_type: 'У файлов {files} неподходящий тип, ожидается {expected}.',
  save_as_new_file: 'Сохранить как новый файл',
  ungrouped: 'Без группы',
  show_more: 'Показать больше',
  show_less: 'Показать меньше',
  toggle_sidebar: 'Показать или скрыть боковую панель',
  logout: 'Выйти',
  end: 'Конец',
};

const LANGUAGE = 'ru-RU';

interface TranslationRow {
  id: string;
  key: string;
  value: string;
}

async function ensureTranslations({ client, log }: MigrationContext, strings: Readonly<Record<string, string>>): Promise<void> {
  const existing = (await client.request(
    readTranslations({ filter: { language: { _eq: LANGUAGE } }, fields: ['id', 'key', 'value'], limit: -1 }),
  )) as TranslationRow[];
  const byKey = new Map(existing.map((row) => [row.key, row]));
  let added = 0;
  let changed = 0;
  for (const [key, value] of Object.entries(strings)) {
    const found = byKey.get(key);
    if (!found) {
      await client.request(createTranslation({ key, language: LANGUAGE, value }));
      added += 1;
    } else if (found.value !== value) {
      await client.request(updateTranslation(found.id, { value }));
      changed += 1;
    }
  }
  if (added + changed > 0) log(`  + admin app strings in Russian: ${added} added, ${changed} brought back`);
}

/**
 * The owner picker is a drawer of `directus_users`, titled with the collection's name, which
 * Directus has only as "Directus Users". A system collection's name is translated through its own
 * meta row; writing that row replaces Directus's built-in meta (icon, archive field, display
 * template), so the whole of it is written back with the translation added.
 */
export const USERS_COLLECTION_NAME = { language: LANGUAGE, translation: 'Пользователи', singular: 'Пользователь', plural: 'Пользователи' };

async function ensureUsersCollectionName({ client, log }: MigrationContext): Promise<void> {
  const { meta } = (await client.request(readCollection('directus_users'))) as { meta: Record<string, unknown> & { translations?: unknown } };
  const others = (Array.isArray(meta.translations) ? meta.translations : []).filter((t: { language?: string }) => t.language !== LANGUAGE);
  const wanted = [...others, USERS_COLLECTION_NAME];
  if (JSON.stringify(meta.translations ?? null) === JSON.stringify(wanted)) return;
  const { collection: _collection, ...rest } = meta;
  await client.request(updateCollection('directus_users', { meta: { ...rest, translations: wanted } } as never));
  log('  ~ directus_users is «Пользователи» in the admin app');
}

export const migration: Migration = {
  id: '0022-russian-app-strings',
  title: 'The admin app says in Russian what Directus leaves in English',
  async up(ctx) {
    await ensureTranslations(ctx, RUSSIAN_APP_STRINGS);
    await ensureUsersCollectionName(ctx);
  },
};

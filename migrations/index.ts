import type { Migration } from './lib/migration.js';
import { migration as sections } from './0001-sections.js';
import { migration as roles } from './0002-roles-and-permissions.js';
import { migration as bookmarks } from './0003-bookmarks.js';
import { migration as dashboard } from './0004-progress-dashboard.js';
import { migration as importTracking } from './0005-import-tracking.js';
import { migration as boardIndexes } from './0006-board-indexes.js';
import { migration as sitePublishedText } from './0007-site-reader-published-text.js';
import { migration as siteReaderAllowList } from './0008-site-reader-allow-list.js';
import { migration as editorsOwnHistory } from './0009-editors-own-history-and-bookmarks.js';
import { migration as publishHolds } from './0012-publish-holds.js';
import { migration as previousPaths } from './0013-previous-paths.js';
import { migration as studentsWriteText } from './0014-students-write-text-not-structure.js';
import { migration as brokenLinks } from './0015-broken-links-dashboard.js';
import { migration as publisherSeesHolds } from './0016-publisher-sees-import-holds.js';
import { migration as caseInsensitiveSearch } from './0017-case-insensitive-search.js';
import { migration as reviewQueue } from './0019-review-queue-pending-edits.js';
import { migration as russianAppStrings } from './0022-russian-app-strings.js';
import { migration as ownVersionNotice } from './0023-own-version-notice.js';

/** Every migration, in the order it applies. Add new ones at the end; never edit an applied one's meaning. */
export const migrations: readonly Migration[] = [sections, roles, bookmarks, dashboard, importTracking, boardIndexes, sitePublishedText, siteReaderAllowList, editorsOwnHistory, publishHolds, previousPaths, studentsWriteText, brokenLinks, publisherSeesHolds, caseInsensitiveSearch, reviewQueue, russianAppStrings, ownVersionNotice];

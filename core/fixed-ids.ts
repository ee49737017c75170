/**
 * Fixed identities of what the migrations create. Fixed ids make every environment (dev SQLite,
 * CI, production PostgreSQL) agree, let later migrations refer to earlier objects without lookups,
 * and make re-applying a migration find the object it made before instead of creating a twin.
 */
export const ROLE = {
  cto: '07cb5f4c-d96d-412f-9875-a6ccc82aa72c',
  student: '3dea771d-c926-44b5-9c81-8dd3e25797a2',
  siteReader: '45b4feed-df0e-4d4d-bd79-8c65f5775437',
} as const;

export const POLICY = {
  cto: '959c0662-7ba8-4837-aa1a-9efc58a5efc5',
  student: '19a1d590-bec4-4a67-b75b-9345564acf00',
  siteReader: '44d037aa-086a-4767-8197-7be70c2d8a17',
  siteReaderPublishedText: '284f2441-9e2a-4d18-911e-9b449fcf5b7f',
} as const;

export const SITE_READER_USER = '818d4d6d-fd2b-4b3a-b29a-d25e7c86fa4b';

export const DASHBOARD = {
  progress: 'b0f6b9fa-9f12-4626-9663-b40f418041ac',
} as const;

export const PANEL = {
  overall: '902074f7-6d01-4681-bd34-ea624f6d084c',
  chapters: 'b45b1acf-3649-4b5d-900f-c07870765710',
  chaptersChart: '988f0c84-718e-4aa9-898b-21a5d37490e9',
  byStatus: {
    planned: 'e429f1eb-c64d-4fcf-b5e2-201d68dab9de',
    in_progress: '707f0ce6-bb6a-4603-8bae-0409c49e813b',
    review: 'f1bb1bb8-51aa-4987-8c77-be7a037c14b1',
    published: 'f41a1ed1-bfd6-44ef-bd53-60695de726e2',
    archived: 'ff8ba387-0f12-4d1c-b547-98d3477830e9',
  },
  byOwner: 'ee15a32f-1e87-456a-9091-3099193e25d3',
  reviewQueue: 'c247147d-49e9-4463-96f9-93c51b5fb312',
  inReview: '76d3c8b8-e975-4264-910c-23a3518a30e0',
  overdue: '75f3e843-8792-4eec-88dd-24d2e75a2b8e',
  brokenLinksCount: '2a294d9b-e9ee-4096-8ae5-1847560c92ad',
  brokenLinks: '8dde2b16-f433-4c52-a718-a3a53456de0b',
} as const;

/** The row of `section_progress` that holds the figure for the whole tree. */
export const OVERALL_PROGRESS_ID = 'c2a8b487-9a67-43fd-b023-6145be370c03';

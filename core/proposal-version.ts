/**
 * A student's edit of a published section waits in their own content version of it, one per
 * author and section. The hook (when a save of the live item is diverted) and the admin app's form
 * (which opens that version for the student from the start) name it the same way, so both find it.
 */
export function proposalVersionKey(userId: string): string {
  return `proposal-${userId.slice(0, 8)}`;
}

export function proposalVersionName(authorName: string): string {
  return `Правка: ${authorName}`;
}

/** A person's name as the team reads it: first and last name, else the e-mail. */
export function personName(user: { first_name?: string | null; last_name?: string | null; email?: string | null }): string | null {
  const name = [user.first_name, user.last_name].filter(Boolean).join(' ');
  return name || user.email || null;
}

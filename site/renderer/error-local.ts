/** Where capture-errors.ts leaves the error a page threw (Astro itself would only log it). */
export const ERROR_LOCAL = 'kbRenderError';

import { STATUS_META } from '../../../core/status.js';
import { parseSectionHref, rewriteMarkdownLinks } from '../../../core/section-links.js';
import { isoDate } from './format.js';
import { anchorFor } from '../../../core/heading-anchors.js';
import type { SiteModel, SiteSection } from './site-model.js';

/**
 * The knowledge base as plain markdown for the team's AI assistants (the llms.txt convention):
 * `/llms.txt` is the tree with titles, links and summaries, `/llms-full.txt` every published text
 * in code order, and `<page>/index.md` each published page. Only published sections are ever read
 * here — by `published`, not by `body`, because the preview's model carries a draft's body too.
 */

export const MARKDOWN_TYPE = 'text/markdown; charset=utf-8';
export const TEXT_TYPE = 'text/plain; charset=utf-8';

const INTRO = 'Документация tapbot.kz: автоматизация бизнес-процессов через AI-ботов. Одно дерево разделов с кодами (02.01.03); здесь только опубликованные разделы.';

/** The path of a page's markdown twin: `/02-infrastruktura/02-01-servers/index.md`. */
export function markdownPath(section: SiteSection): string {
  return `${section.path}index.md`;
}

/** Section links (`/c/<code>/#anchor`) and site-relative links become absolute page addresses. */
function absoluteLinks(model: SiteModel, body: string): string {
  return rewriteMarkdownLinks(body, (href) => {
    const link = parseSectionHref(href);
    if (link) {
      const target = model.resolveCode(link.code);
      return target ? `${model.siteUrl}${target.path}${link.anchor ? `#${anchorFor(link.anchor)}` : ''}` : null;
    }
    return href.startsWith('/') && !href.startsWith('//') ? `${model.siteUrl}${href}` : null;
  });
}

/** One published page as markdown: title, summary, status line, then the body as written. */
export function sectionMarkdown(model: SiteModel, section: SiteSection): string {
  if (!section.published) throw new Error(`${section.code} is not published: it has no markdown page`);
  const meta = STATUS_META[section.status];
  const facts = [`Статус: ${meta.label}`, `Ответственный: ${section.owner.name}`];
  if (section.updated) facts.push(`Обновлено: ${isoDate(section.updated)}`);
  facts.push(`Страница: ${model.siteUrl}${section.path}`);
  const parts = [`# ${section.code} ${section.title}`];
  if (section.summary) parts.push(`> ${section.summary.replace(/\s*\n\s*/g, ' ')}`);
  parts.push(facts.join(' · '));
  const body = (section.body ?? '').trim();
  if (body !== '') parts.push(absoluteLinks(model, body));
  return `${parts.join('\n\n')}\n`;
}

export function publishedSections(model: SiteModel): SiteSection[] {
  return model.sections.filter((s) => s.published);
}

/**
 * `/llms.txt`: the tree, one chapter per `##`, published sections as links to their markdown with
 * their summaries. An unpublished section appears only as the title above published ones under it
 * (titles are public on the site too), never with a summary or a link to text.
 */
export function llmsIndex(model: SiteModel): string {
  const withPublished = new Set<string>();
  for (const section of model.sections) {
    if (!section.published) continue;
    withPublished.add(section.id);
    for (const ancestor of model.ancestors(section.id)) withPublished.add(ancestor.id);
  }
  const lines = ['# База знаний tapbot.kz', '', `> ${INTRO}`, '', `Весь текст одним файлом: ${model.siteUrl}/llms-full.txt`];
  for (const chapter of model.roots) {
    if (!withPublished.has(chapter.id)) continue;
    lines.push('', `## ${chapter.code} ${chapter.title}`, '');
    if (chapter.published) lines.push(entry(model, chapter, 0));
    const walk = (parent: SiteSection, depth: number) => {
      for (const child of model.children(parent.id)) {
        if (!withPublished.has(child.id)) continue;
        lines.push(child.published ? entry(model, child, depth) : `${'  '.repeat(depth)}- ${child.code} ${child.title}`);
        walk(child, depth + 1);
      }
    };
    walk(chapter, 0);
  }
  return `${lines.join('\n')}\n`;
}

/** A title as markdown link text: brackets would end the link early. */
function linkText(text: string): string {
  return text.replace(/[\\[\]]/g, (c) => `\\${c}`).replace(/\s*\n\s*/g, ' ');
}

function entry(model: SiteModel, section: SiteSection, depth: number): string {
  const summary = section.summary ? `: ${section.summary.replace(/\s*\n\s*/g, ' ')}` : '';
  return `${'  '.repeat(depth)}- [${linkText(`${section.code} ${section.title}`)}](${model.siteUrl}${markdownPath(section)})${summary}`;
}

/** `/llms-full.txt`: every published section's markdown page, in code (reading) order. */
export function llmsFull(model: SiteModel): string {
  const pages = publishedSections(model).map((section) => sectionMarkdown(model, section));
  return `# База знаний tapbot.kz\n\n> ${INTRO}\n\n${pages.join('\n---\n\n')}`;
}

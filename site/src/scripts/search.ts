// Pagefind in the reader's language: the index is built for Russian (stemmed, so «сервера» finds
// «серверы»). Loaded only on this page; section pages carry no JavaScript.
// A module (not a global script): its names, `status` among them, are its own.
export {};

interface PagefindResult {
  data(): Promise<{ url: string; excerpt: string; meta: { title?: string } }>;
}
interface Pagefind {
  options(options: Record<string, unknown>): Promise<void>;
  search(query: string): Promise<{ results: PagefindResult[] }>;
}

const form = document.querySelector<HTMLFormElement>('[data-search-form]');
const input = form?.querySelector<HTMLInputElement>('input[name="q"]');
const status = document.querySelector<HTMLElement>('[data-search-status]');
const list = document.querySelector<HTMLOListElement>('[data-search-results]');
let pagefind: Promise<Pagefind> | null = null;

function load(): Promise<Pagefind> {
  const url = '/pagefind/pagefind.js';
  pagefind ??= (import(/* @vite-ignore */ url) as Promise<Pagefind>).then(async (module) => {
    await module.options({ excerptLength: 24 });
    return module;
  });
  return pagefind;
}

/** Pagefind's excerpt is escaped text with <mark>; it is rebuilt from text nodes to stay inert. */
function excerptNode(excerpt: string): HTMLElement {
  const p = document.createElement('p');
  const parts = excerpt.split(/<mark>|<\/mark>/);
  const template = document.createElement('textarea');
  parts.forEach((part, i) => {
    template.innerHTML = part;
    const text = document.createTextNode(template.value);
    if (i % 2 === 1) {
      const mark = document.createElement('mark');
      mark.append(text);
      p.append(mark);
    } else p.append(text);
  });
  return p;
}

async function run(query: string): Promise<void> {
  if (!status || !list) return;
  list.replaceChildren();
  if (query.trim() === '') {
    status.textContent = '';
    return;
  }
  status.textContent = 'Ищем…';
  try {
    const search = await (await load()).search(query);
    const results = await Promise.all(search.results.slice(0, 20).map((r) => r.data()));
    status.textContent = results.length === 0 ? `По запросу «${query}» ничего не найдено.` : `Найдено: ${search.results.length}`;
    for (const result of results) {
      const item = document.createElement('li');
      const link = document.createElement('a');
      link.href = result.url;
      link.textContent = result.meta.title ?? result.url;
      item.append(link, excerptNode(result.excerpt));
      list.append(item);
    }
  } catch (error) {
    status.textContent = 'Поиск сейчас недоступен: индекс не загрузился.';
    console.error(error);
  }
}

if (form && input) {
  const initial = new URLSearchParams(location.search).get('q') ?? '';
  input.value = initial;
  void run(initial);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    history.replaceState(null, '', `?q=${encodeURIComponent(input.value)}`);
    void run(input.value);
  });
}

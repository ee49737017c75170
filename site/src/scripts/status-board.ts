// The status board without page loads: the filter links (which lead to pre-filtered pages when
// JavaScript is off) toggle filters in place, combine them, and keep the counts and URL in step.
type Kind = 'status' | 'owner' | 'chapter';
const KINDS: Kind[] = ['status', 'owner', 'chapter'];
const ATTRIBUTE: Record<Kind, string> = { status: 'data-status', owner: 'data-owner', chapter: 'data-chapter' };

const board = document.querySelector<HTMLElement>('[data-board="full"]');
if (board) {
  const rows = [...board.querySelectorAll<HTMLTableRowElement>('tbody tr')].map((row) => ({
    row,
    values: { status: row.getAttribute(ATTRIBUTE.status) ?? '', owner: row.getAttribute(ATTRIBUTE.owner) ?? '', chapter: row.getAttribute(ATTRIBUTE.chapter) ?? '' },
  }));
  const links = [...board.querySelectorAll<HTMLAnchorElement>('a[data-filter]')];
  const summary = board.querySelector<HTMLElement>('[data-summary]');
  const state: Record<Kind, string> = { status: '', owner: '', chapter: '' };
  const params = new URLSearchParams(location.search);
  for (const kind of KINDS) state[kind] = params.get(kind) ?? '';

  const fits = (values: Record<Kind, string>, except: Kind | null) =>
    KINDS.every((kind) => kind === except || state[kind] === '' || values[kind] === state[kind]);

  const render = () => {
    let shown = 0;
    for (const { row, values } of rows) {
      const visible = fits(values, null);
      row.hidden = !visible;
      if (visible) shown += 1;
    }
    for (const link of links) {
      const kind = link.dataset.filter as Kind;
      const value = link.dataset.value ?? '';
      if (state[kind] === value) link.setAttribute('aria-current', 'true');
      else link.removeAttribute('aria-current');
      const count = link.querySelector('[data-count]');
      if (count) count.textContent = String(rows.filter(({ values }) => values[kind] === value && fits(values, kind)).length);
    }
    if (summary) summary.textContent = `Показано ${shown} из ${rows.length}`;
  };

  board.addEventListener('click', (event) => {
    const link = (event.target as Element).closest<HTMLAnchorElement>('a[data-filter]');
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    const kind = link.dataset.filter as Kind;
    const value = link.dataset.value ?? '';
    state[kind] = state[kind] === value ? '' : value;
    const query = new URLSearchParams();
    for (const k of KINDS) if (state[k]) query.set(k, state[k]);
    history.replaceState(null, '', `${location.pathname}${query.size > 0 ? `?${query}` : ''}`);
    render();
  });

  render();
}

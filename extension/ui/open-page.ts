/** Opens one of Margin's full pages in a tab. */
function openPage(path: Parameters<typeof browser.runtime.getURL>[0]): void {
  void browser.tabs.create({ url: browser.runtime.getURL(path) });
}

/** The pipeline page: the board, or a view or deal of it (`list`, `forecast`, `board&deal=<id>`). */
export function openPipelinePage(hash = 'board'): void {
  openPage(`/pipeline.html#${hash}`);
}

/** The portfolio review: the whole book at a glance. */
export function openPortfolioPage(): void {
  openPage('/portfolio.html');
}

/** Opens the pipeline page in a tab: the board, or a view or deal of it (`list`, `forecast`, `board&deal=<id>`). */
export function openPipelinePage(hash = 'board'): void {
  void browser.tabs.create({ url: browser.runtime.getURL(`/pipeline.html#${hash}`) });
}

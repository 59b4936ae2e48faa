import type { WxtViteConfig } from 'wxt';

type VitePlugin = Extract<NonNullable<WxtViteConfig['plugins']>[number], { name: string }>;

const REACT_DOM_CLIENT = /react-dom[\\/]cjs[\\/]react-dom-client\.(production|development)\.js$/;
const ASSIGNMENT = /\(domElement\.innerHTML = key\)/g;

/**
 * Margin renders everything as text and never uses `dangerouslySetInnerHTML`. This build plugin
 * makes that a guarantee: React DOM's only assignments of dynamic HTML (the two for
 * `dangerouslySetInnerHTML`) become an error, so no future change can render page text as markup,
 * and Firefox's linter (`web-ext lint`) has no unsafe `innerHTML` assignment to report. The
 * build fails if React DOM's code no longer matches, rather than silently keeping them.
 */
export function noInnerHtml(): VitePlugin {
  return {
    name: 'margin:no-inner-html',
    enforce: 'pre',
    transform(code: string, id: string) {
      if (!REACT_DOM_CLIENT.test(id)) return null;
      const found = code.match(ASSIGNMENT)?.length ?? 0;
      if (found !== 2)
        throw new Error(
          `expected React DOM to assign innerHTML in two places for dangerouslySetInnerHTML, found ${found}: update scripts/lib/no-inner-html.ts`,
        );
      return {
        code: code.replace(
          ASSIGNMENT,
          '(() => { throw new Error("Margin renders no HTML: dangerouslySetInnerHTML is disabled"); })()',
        ),
        map: null,
      };
    },
  };
}

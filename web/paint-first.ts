import type { Plugin } from 'vite';

/** The module the boot entry (web/src/main.tsx) imports after the first paint. */
const START = /\/src\/start\.tsx$/;

interface BuiltChunk {
  type: 'chunk';
  fileName: string;
  facadeModuleId: string | null;
  imports: string[];
  viteMetadata?: { importedCss: Set<string> };
}

/**
 * The portal's code is imported by the boot entry after the first paint (web/src/main.tsx),
 * which makes it a dynamic chunk: its stylesheets would be added by script when it loads,
 * after the server's HTML was painted without them. This puts them back in index.html's head,
 * render-blocking and in the order Vite gave the entry's (imported chunks' CSS first, then the
 * entry's own), and preloads the chunk and its static imports, so they are fetched and compiled
 * while the page paints.
 */
export function paintFirst(): Plugin {
  return {
    name: 'opf-paint-first',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, context) {
        const bundle = context.bundle ?? {};
        const chunks = Object.values(bundle).filter(
          (output) => output.type === 'chunk',
        ) as unknown as BuiltChunk[];
        const start = chunks.find((chunk) => START.test(chunk.facadeModuleId ?? ''));
        if (!start) throw new Error('paint-first: no chunk for web/src/start.tsx');
        const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
        const files: string[] = [];
        const shared: string[] = [];
        const visit = (name: string) => {
          if (files.includes(name)) return;
          files.push(name);
          const chunk = byName.get(name);
          for (const imported of chunk?.imports ?? []) visit(imported);
          if (name !== start.fileName)
            for (const sheet of chunk?.viteMetadata?.importedCss ?? []) shared.push(sheet);
        };
        visit(start.fileName);
        const named = (file: string) => html.includes(`"/${file}"`);
        const sheet = (file: string) => `<link rel="stylesheet" crossorigin href="/${file}">`;
        const preloads = files
          .filter((file) => !named(file))
          .map((file) => `<link rel="modulepreload" crossorigin href="/${file}">`);
        // As when start.tsx was the entry: the shared chunks' CSS before the entry's own
        // (PatternFly's base and app.css), the start chunk's own after it.
        const before = [...new Set(shared)].filter((file) => !named(file)).map(sheet);
        const after = [...(start.viteMetadata?.importedCss ?? [])]
          .filter((file) => !named(file))
          .map(sheet);
        const firstSheet = html.indexOf('<link rel="stylesheet"');
        const at = firstSheet === -1 ? html.indexOf('</head>') : firstSheet;
        const head = `${html.slice(0, at)}${[...preloads, ...before].join('\n    ')}\n    ${html.slice(at)}`;
        const end = head.indexOf('</head>');
        return `${head.slice(0, end)}  ${after.join('\n    ')}\n  ${head.slice(end)}`;
      },
    },
  };
}

import type { FileChange } from './changes.ts';
import type { RepoFs } from './repo-fs.ts';

/**
 * The files a plan is building, over the repository as it is: several steps may edit the
 * same file (two namespaces on one overlay), and the result is one change per file.
 */
export class Draft {
  private readonly texts = new Map<string, string | undefined>();

  constructor(private readonly fs: RepoFs) {}

  read(path: string): string | undefined {
    return this.texts.has(path) ? this.texts.get(path) : this.fs.readText(path);
  }

  exists(path: string): boolean {
    if (this.texts.has(path)) return this.texts.get(path) !== undefined;
    return this.fs.kind(path) !== undefined;
  }

  write(path: string, text: string): void {
    this.texts.set(path, text);
  }

  /** Write only when the file does not exist yet. */
  create(path: string, text: string): void {
    if (!this.exists(path)) this.write(path, text);
  }

  delete(path: string): void {
    this.texts.set(path, undefined);
  }

  /** Edit an existing file through `edit`; missing files are left alone. */
  edit(path: string, edit: (text: string) => string): void {
    const text = this.read(path);
    if (text !== undefined) this.write(path, edit(text));
  }

  changes(): FileChange[] {
    const out: FileChange[] = [];
    for (const [path, content] of [...this.texts].sort(([a], [b]) => a.localeCompare(b))) {
      const before = this.fs.readText(path);
      if (content === before) continue;
      if (content === undefined) out.push({ path, action: 'delete', before: before! });
      else if (before === undefined) out.push({ path, action: 'create', content });
      else out.push({ path, action: 'update', content, before });
    }
    return out;
  }
}

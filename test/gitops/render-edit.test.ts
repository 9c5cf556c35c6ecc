import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { isOpfError } from '../../src/core/index.ts';
import { renderNamespace } from '../../src/gitops/render.ts';
import { addListItem, removeListItems } from '../../src/gitops/yaml-edit.ts';

function annotationsOf(text: string): Record<string, string> {
  const [doc] = parseAllDocuments(text);
  return (
    doc as unknown as { toJS(): { metadata: { annotations: Record<string, string> } } }
  ).toJS().metadata.annotations;
}

describe('free text in namespace annotations', () => {
  it('is written double-quoted and reads back byte-exact, whatever the characters', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', minLength: 1 }),
        fc.string(),
        (display, description) => {
          const text = renderNamespace('ns', {
            'openshift.io/display-name': display,
            'openshift.io/description': description,
          });
          const annotations = annotationsOf(text);
          expect(annotations['openshift.io/display-name']).toBe(display);
          expect(annotations['openshift.io/description']).toBe(description);
          expect(text).toContain('openshift.io/display-name: "');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps YAML-special characters and newlines on one quoted line', () => {
    const tricky = 'a: b # c\n- d\n\t"e" \'f\' {g} [h] &i *j !k |l >m %n @o `p\n';
    const text = renderNamespace('ns', { 'openshift.io/description': tricky });
    expect(text.split('\n').filter((l) => l.includes('description'))).toHaveLength(1);
    expect(annotationsOf(text)['openshift.io/description']).toBe(tricky);
  });
});

describe('line edits of existing lists', () => {
  const fourSpaces = '---\n# head\nresources:\n    - b  # keep me\n    - d\ncomponents: []\n';

  it('inserts in order with the list’s own indentation and leaves other lines alone', () => {
    const out = addListItem('f', fourSpaces, 'resources', 'c');
    expect(out).toBe(
      '---\n# head\nresources:\n    - b  # keep me\n    - c\n    - d\ncomponents: []\n',
    );
  });

  it('appends to unsorted lists, and matches lists indented by zero spaces', () => {
    expect(addListItem('f', 'resources:\n- z\n- a\n', 'resources', 'm')).toBe(
      'resources:\n- z\n- a\n- m\n',
    );
  });

  it('adds a missing key at the end, in the style of the file’s other lists', () => {
    expect(addListItem('f', 'resources:\n- a\nnamespace: x\n', 'components', 'c')).toBe(
      'resources:\n- a\nnamespace: x\ncomponents:\n- c\n',
    );
  });

  it('fills a key that has no value yet', () => {
    expect(addListItem('f', 'users:\nkind: Group\n', 'users', 'al')).toBe(
      'users:\n  - al\nkind: Group\n',
    );
  });

  it('quotes values YAML would read as something else', () => {
    const out = addListItem('f', 'users:\n- a\n', 'users', '1234');
    expect(out).toBe('users:\n- "1234"\n- a\n');
  });

  it('is a no-op when the value is there already', () => {
    const text = 'resources:\n- a\n';
    expect(addListItem('f', text, 'resources', 'a')).toBe(text);
  });

  it('removes only the matching line', () => {
    expect(removeListItems('f', fourSpaces, 'resources', (v) => v === 'b')).toBe(
      '---\n# head\nresources:\n    - d\ncomponents: []\n',
    );
  });

  it('opens an empty flow list ([]) into a block list in the file’s own indentation', () => {
    expect(addListItem('f', fourSpaces, 'components', 'x')).toBe(
      '---\n# head\nresources:\n    - b  # keep me\n    - d\ncomponents:\n    - x\n',
    );
  });
  it('refuses flow lists with items instead of rewriting the file', () => {
    try {
      addListItem('f', fourSpaces.replace('[]', '[a]'), 'components', 'x');
      expect.unreachable();
    } catch (error) {
      expect(isOpfError(error) && error.code).toBe('OPF_ERR_GITOPS_EDIT_UNSUPPORTED');
    }
  });
});

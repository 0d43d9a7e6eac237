import { defaultKeymap, history, historyKeymap, indentLess, indentMore } from '@codemirror/commands';
import { python } from '@codemirror/lang-python';
import { bracketMatching, HighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { EditorState } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, keymap, lineNumbers } from '@codemirror/view';
import { tags } from '@lezer/highlight';

// Colours from the site's own tokens, so the editor follows the theme, light or dark.
const highlight = HighlightStyle.define([
  { tag: [tags.keyword, tags.controlKeyword, tags.definitionKeyword, tags.moduleKeyword], color: 'var(--color-code-keyword)', fontWeight: '600' },
  { tag: [tags.string, tags.special(tags.string)], color: 'var(--color-code-string)' },
  { tag: [tags.number, tags.bool, tags.null], color: 'var(--color-code-number)' },
  { tag: [tags.comment, tags.lineComment], color: 'var(--color-muted)', fontStyle: 'italic' },
  { tag: [tags.function(tags.variableName), tags.function(tags.propertyName)], color: 'var(--color-accent)' },
]);

const theme = EditorView.theme({
  '&': { fontSize: '0.875rem', border: '1px solid var(--color-line)', borderRadius: '0.25rem', background: 'var(--color-page)', color: 'var(--color-ink)' },
  '&.cm-focused': { outline: '3px solid var(--color-focus)', outlineOffset: '2px' },
  '.cm-content': { fontFamily: 'var(--font-mono)', minHeight: '12rem', caretColor: 'var(--color-ink)' },
  '.cm-gutters': { background: 'var(--color-surface)', color: 'var(--color-muted)', border: 'none' },
  '.cm-activeLine, .cm-activeLineGutter': { background: 'color-mix(in srgb, var(--color-surface) 60%, transparent)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground': { background: 'var(--color-mark)' },
});

/**
 * A Python editor in place of `textarea`, which it hides and keeps up to date (forms and the page
 * still read the code from it). Mod-Enter runs; Tab is left to move the focus, so the editor is
 * no keyboard trap: Mod-] and Mod-[ indent. It lives in a shadow root: there CodeMirror styles
 * itself with constructed style sheets, which the Content Security Policy allows, where in the
 * document it would add <style> elements, which the policy blocks.
 */
export function createEditor(textarea: HTMLTextAreaElement, run: () => void): EditorView {
  const host = document.createElement('div');
  host.dataset['codeEditor'] = '';
  textarea.insertAdjacentElement('afterend', host);
  const root = host.attachShadow({ mode: 'open' });
  const view = new EditorView({
    root,
    parent: root,
    state: EditorState.create({
      doc: textarea.value,
      extensions: [
        lineNumbers(),
        history(),
        drawSelection(),
        highlightActiveLine(),
        indentOnInput(),
        bracketMatching(),
        python(),
        syntaxHighlighting(highlight),
        theme,
        keymap.of([
          { key: 'Mod-Enter', run: () => (run(), true) },
          { key: 'Mod-]', run: indentMore },
          { key: 'Mod-[', run: indentLess },
          ...defaultKeymap,
          ...historyKeymap,
        ]),
        EditorView.contentAttributes.of({ 'aria-label': textarea.getAttribute('aria-label') ?? 'Python code', 'aria-describedby': textarea.getAttribute('aria-describedby') ?? '' }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) textarea.value = update.state.doc.toString();
        }),
      ],
    }),
  });
  textarea.hidden = true;
  return view;
}

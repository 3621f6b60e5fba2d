// The DDL editor: CodeMirror 6 behind a small API for the Rust UI (src/ui/editor.rs), bundled by
// scripts/bundle-editor.sh into build/editor.js and loaded as a plain script before the app.
//
// Why not a <textarea>: Chromium lays out every line of a text area, so a 700 KB dump freezes
// the page for about a second and a 10 MB one for many seconds. CodeMirror lays out only the
// lines in view. Positions are UTF-16 offsets (JavaScript string indices), as before.
import { EditorState, Annotation } from '@codemirror/state';
import {
  EditorView, keymap, lineNumbers, highlightActiveLineGutter, drawSelection, highlightSpecialChars, placeholder,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { searchKeymap, highlightSelectionMatches } from '@codemirror/search';
import { syntaxHighlighting, defaultHighlightStyle, bracketMatching } from '@codemirror/language';
import { sql } from '@codemirror/lang-sql';

/** Marks changes made through `setText` (the app loading a project), which are not the user's. */
const fromApp = Annotation.define();

let view = null;

function mount(parent, text, onChange) {
  view?.destroy();
  view = new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        highlightSpecialChars(),
        history(),
        drawSelection(),
        bracketMatching(),
        highlightSelectionMatches(),
        sql(),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        placeholder('Paste CREATE TABLE statements here, or drop a .sql file on the page'),
        keymap.of([...defaultKeymap, ...historyKeymap, ...searchKeymap, indentWithTab]),
        EditorView.contentAttributes.of({ 'data-testid': 'ddl-input', 'aria-label': 'DDL text', spellcheck: 'false' }),
        // A dropped file replaces the whole text (the app's drop handler, which also names the
        // project); CodeMirror would insert it at the drop point.
        EditorView.domEventHandlers({ drop: (e) => Boolean(e.dataTransfer?.files?.length) }),
        EditorView.updateListener.of((u) => {
          if (!u.docChanged || u.transactions.some((t) => t.annotation(fromApp))) return;
          // A paste or a drop is a whole new text, not typing: import it at once.
          onChange(u.transactions.some((t) => t.isUserEvent('input.paste') || t.isUserEvent('input.drop')));
        }),
      ],
    }),
  });
}

/** Replaces the whole text as the app (not the user) does: no change callback, history kept apart. */
function setText(text) {
  if (!view || view.state.doc.toString() === text) return;
  view.dispatch({
    changes: { from: 0, to: view.state.doc.length, insert: text },
    annotations: [fromApp.of(true)],
    selection: { anchor: 0 },
  });
}

/** Replaces the whole text as a paste or a dropped file does (the change callback runs). */
function replaceAll(text) {
  view?.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, userEvent: 'input.paste' });
}

/** Selects [from, to) (UTF-16 offsets), scrolls it to the middle of the view and focuses. */
function select(from, to) {
  if (!view) return;
  const len = view.state.doc.length;
  const a = Math.min(from, len);
  const b = Math.min(Math.max(to, a), len);
  view.dispatch({ selection: { anchor: a, head: b }, effects: EditorView.scrollIntoView(a, { y: 'center' }) });
  view.focus();
}

globalThis.erdsmithEditor = Object.freeze({
  mount,
  setText,
  replaceAll,
  select,
  text: () => (view ? view.state.doc.toString() : ''),
  length: () => (view ? view.state.doc.length : 0),
  /** [from, to, focused] of the main selection. */
  selection: () => (view ? [view.state.selection.main.from, view.state.selection.main.to, view.hasFocus] : [0, 0, false]),
});

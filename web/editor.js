// The DDL editor: CodeMirror 6 behind a small API for the Rust UI (src/ui/editor.rs), bundled by
// scripts/bundle-editor.sh into build/editor.js and loaded as a plain script before the app.
//
// Why not a <textarea>: Chromium lays out every line of a text area, so a 700 KB dump freezes
// the page for about a second and a 10 MB one for many seconds. CodeMirror lays out only the
// lines in view. Positions are UTF-16 offsets (JavaScript string indices), as before.
//
// There is no CodeMirror history: undo and redo are the app's (one history over the text and the
// diagram, src/sync), so Mod-Z here calls back into the app. Texts the app sets (a model edit
// written into the text, an undo) arrive through `setText` as the smallest change, so the
// cursor and the scroll position stay. Import diagnostics are shown with @codemirror/lint:
// underlined, with a gutter mark and the message on hover.
import './parse-slices.js';
import { EditorState, Annotation, Prec, Compartment } from '@codemirror/state';
import {
  EditorView, keymap, lineNumbers, highlightActiveLineGutter, drawSelection, highlightSpecialChars, placeholder,
} from '@codemirror/view';
import { defaultKeymap, indentWithTab } from '@codemirror/commands';
import { lintGutter, setDiagnostics as lintDiagnostics, forEachDiagnostic, diagnosticCount } from '@codemirror/lint';
import { searchKeymap, highlightSelectionMatches } from '@codemirror/search';
import { syntaxHighlighting, HighlightStyle, bracketMatching, language, syntaxTree, ensureSyntaxTree } from '@codemirror/language';
import { tags } from '@lezer/highlight';
import { sql } from '@codemirror/lang-sql';

/**
 * Syntax colours from CSS variables (style/main.css), so the light and dark themes (and the
 * system's preference) recolour the text without reconfiguring the editor.
 */
const highlight = HighlightStyle.define([
  { tag: [tags.keyword, tags.operatorKeyword, tags.modifier], color: 'var(--cm-keyword)' },
  { tag: [tags.typeName, tags.standard(tags.name)], color: 'var(--cm-type)' },
  { tag: [tags.string, tags.special(tags.string)], color: 'var(--cm-string)' },
  { tag: [tags.number, tags.bool, tags.null], color: 'var(--cm-number)' },
  { tag: [tags.comment, tags.lineComment, tags.blockComment], color: 'var(--cm-comment)', fontStyle: 'italic' },
  { tag: [tags.name, tags.variableName, tags.propertyName, tags.special(tags.name)], color: 'var(--cm-name)' },
]);

/** Marks changes made through `setText` (the app loading a project), which are not the user's. */
const fromApp = Annotation.define();

let view = null;
/** Read-only while a shared link is viewed (until "Edit a copy"). */
const readOnly = new Compartment();
let readOnlyOn = false;
const readOnlyExtension = () => (readOnlyOn ? [EditorState.readOnly.of(true), EditorView.editable.of(false)] : []);

// A big insert (a paste, a drop, a loaded project) starts the syntax tree anew instead of parsing
// into the change. @codemirror/language parses a changed text for up to 20 ms inside the
// transaction, in the paste's own task (after a 1000-table paste: 20 of its ~65 ms). A tree
// started anew — what the state does when the language itself changes — parses only the first
// 3,000 characters there, and the rest in its background slices, as it would anyway past those
// 20 ms. So such a transaction swaps the language for an equal copy of it (same parser, same
// data): the highlighting is the same, only the tree restarts.
const BIG_INSERT = 50_000;
const sqlSupport = sql();
const languages = [sqlSupport.language, sqlSupport.language.configure({})];
const syntax = new Compartment();
const restartTreeOnBigInsert = EditorState.transactionExtender.of((tr) => {
  if (!tr.docChanged) return null;
  let inserted = 0;
  tr.changes.iterChanges((_fa, _ta, _fb, _tb, text) => { inserted += text.length; });
  if (inserted < BIG_INSERT) return null;
  const next = tr.startState.facet(language) === languages[0] ? languages[1] : languages[0];
  return { effects: syntax.reconfigure(next) };
});

/**
 * Parses a small sample schema once, in an idle period after the editor's script loads (as the app warms
 * up its own code, src/ui/input.rs `warm_up`): the browser runs code cold in its interpreter
 * first, and the parser's first real work was the first paste's, in that paste's task.
 */
function warmUp() {
  const sample = [];
  for (let i = 0; i < 40; i++) {
    sample.push(`CREATE TABLE "t${i}" (\n  id bigint NOT NULL PRIMARY KEY,\n  name varchar(200) NOT NULL DEFAULT 'x',\n`
      + `  parent_id bigint REFERENCES t${i} (id) ON DELETE CASCADE,\n  created_at timestamp with time zone\n);\n`
      + `CREATE INDEX t${i}_name ON t${i} USING btree (lower(name));\n-- note ${i}\n`);
  }
  const state = EditorState.create({ doc: sample.join(''), extensions: [languages[0]] });
  ensureSyntaxTree(state, state.doc.length, 100);
}
if (globalThis.requestIdleCallback) requestIdleCallback(warmUp, { timeout: 2000 });
else setTimeout(warmUp, 200);

function mount(parent, text, onChange, onUndo, onRedo) {
  view?.destroy();
  const call = (f) => () => {
    f();
    return true;
  };
  view = new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        highlightSpecialChars(),
        drawSelection(),
        bracketMatching(),
        highlightSelectionMatches(),
        syntax.of(languages[0]),
        sqlSupport.support,
        restartTreeOnBigInsert,
        syntaxHighlighting(highlight),
        placeholder('Paste CREATE TABLE statements here, or drop a .sql file on the page'),
        Prec.highest(keymap.of([
          { key: 'Mod-z', run: call(onUndo) },
          { key: 'Mod-y', run: call(onRedo) },
          { key: 'Mod-Shift-z', run: call(onRedo) },
        ])),
        keymap.of([...defaultKeymap, ...searchKeymap, indentWithTab]),
        lintGutter(),
        readOnly.of(readOnlyExtension()),
        EditorView.contentAttributes.of({ 'data-testid': 'ddl-input', 'aria-label': 'DDL text', spellcheck: 'false' }),
        // A dropped file replaces the whole text (the app's drop handler, which also names the
        // project); CodeMirror would insert it at the drop point.
        EditorView.domEventHandlers({ drop: (e) => Boolean(e.dataTransfer?.files?.length) }),
        EditorView.updateListener.of((u) => {
          if (!u.docChanged || u.transactions.some((t) => t.annotation(fromApp))) return;
          // A paste or a drop is imported at once (1); one that replaced the whole text is a new
          // schema (2); typing waits for a pause (0).
          const pasted = u.transactions.some((t) => t.isUserEvent('input.paste') || t.isUserEvent('input.drop'));
          let whole = u.startState.doc.length === 0;
          // The changed span, in UTF-16 offsets: [fromA, toA) of the old text became
          // [fromB, toB) of the new one. The app applies it to its copy of the text instead of
          // copying the whole text (megabytes) on every keystroke; newLength lets it check.
          let fromA = Infinity; let toA = 0; let fromB = Infinity; let toB = 0;
          u.changes.iterChangedRanges((fa, ta, fb, tb) => {
            if (fa === 0 && ta === u.startState.doc.length) whole = true;
            fromA = Math.min(fromA, fa); toA = Math.max(toA, ta);
            fromB = Math.min(fromB, fb); toB = Math.max(toB, tb);
          });
          if (fromA > toA) return;
          onChange(pasted ? (whole ? 2 : 1) : 0, fromA, toA, u.state.doc.sliceString(fromB, toB), u.state.doc.length);
        }),
      ],
    }),
  });
}

/**
 * Sets the text as the app (not the user) does, without the change callback: only the part
 * between the common prefix and suffix changes, so the selection and scroll position stay.
 */
function setText(text) {
  if (!view) return;
  const old = view.state.doc.toString();
  if (old === text) return;
  let p = 0;
  const max = Math.min(old.length, text.length);
  while (p < max && old.charCodeAt(p) === text.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && old.charCodeAt(old.length - 1 - s) === text.charCodeAt(text.length - 1 - s)) s++;
  view.dispatch({
    changes: { from: p, to: old.length - s, insert: text.slice(p, text.length - s) },
    annotations: [fromApp.of(true)],
  });
}

/**
 * Shows import diagnostics in the text: `list` is [from, to, severity, message] with UTF-16
 * offsets; severity is "error", "warning" or "info".
 */
function setDiagnostics(list) {
  if (!view) return;
  // None before and none now: no transaction (one is a view update of its own, ~10 ms after a
  // 1000-table paste, in the task that installs the import).
  if (list.length === 0 && diagnosticCount(view.state) === 0) return;
  const len = view.state.doc.length;
  const diagnostics = list.map(([from, to, severity, message]) => {
    const a = Math.min(from, len);
    return { from: a, to: Math.min(Math.max(to, a), len), severity, message, source: 'import' };
  });
  view.dispatch(lintDiagnostics(view.state, diagnostics));
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

/** Makes the text read-only (a shared link being viewed) or editable again. */
function setReadOnly(on) {
  readOnlyOn = Boolean(on);
  view?.dispatch({ effects: readOnly.reconfigure(readOnlyExtension()) });
}

// Chromium fires `selectionchange` at every <input> and <textarea> whose value is set, and the
// event bubbles to the document, where CodeMirror answers each one by reading the document's
// selection — which forces a layout of the whole page. A schema with 43 enums re-renders ~180
// enum-value inputs after an import: 180 forced layouts in one task (Lago: a 160 ms task, most
// of the paste). The editor only needs the document's own selection changes (their target is the
// document, which never passes through <html>), so a form field's stop at the root element.
document.documentElement.addEventListener('selectionchange', (event) => event.stopPropagation());

globalThis.erdsmithEditor = Object.freeze({
  mount,
  setReadOnly,
  setText,
  setDiagnostics,
  replaceAll,
  select,
  text: () => (view ? view.state.doc.toString() : ''),
  length: () => (view ? view.state.doc.length : 0),
  /** How far into the text the syntax tree (the highlighting) reaches so far. */
  parsed: () => (view ? syntaxTree(view.state).length : 0),
  /** The diagnostics shown in the text: [from, to, severity, message]. */
  diagnostics: () => {
    const out = [];
    if (view) forEachDiagnostic(view.state, (d, from, to) => out.push([from, to, d.severity, d.message]));
    return out;
  },
  /** [from, to, focused] of the main selection. */
  selection: () => (view ? [view.state.selection.main.from, view.state.selection.main.to, view.hasFocus] : [0, 0, false]),
});

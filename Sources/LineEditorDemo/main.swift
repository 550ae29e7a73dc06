// `line-editor-demo`: the LineEditing layer on its own, for manual trials and the PTY tests.
import LineEditing

LineEditorDemo.run()

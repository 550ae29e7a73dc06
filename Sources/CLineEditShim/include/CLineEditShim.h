#ifndef RACE_CLINEEDITSHIM_H
#define RACE_CLINEEDITSHIM_H

/*
 * Fixed-argument wrappers over libedit (histedit.h) for Swift.
 *
 * libedit's el_set, el_get and history are C-variadic, which Swift cannot call, and
 * el_init needs Glibc's stdin/stdout/stderr, which Swift 6 refuses to touch. Everything
 * the LineEditing module needs from libedit goes through the functions below. This
 * header deliberately does not include histedit.h: the editor is an opaque handle.
 */

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* An editor: one EditLine on stdin/stdout/stderr plus its History. */
typedef struct race_le race_le;

/* What a completion callback asks libedit to do afterwards. */
enum {
    RACE_LE_CC_REFRESH = 0,   /* the line changed: redraw it (CC_REFRESH) */
    RACE_LE_CC_REDISPLAY = 1, /* something was printed below: redraw prompt and line (CC_REDISPLAY) */
    RACE_LE_CC_ERROR = 2,     /* nothing to do: beep (CC_ERROR) */
    RACE_LE_CC_NORM = 3       /* nothing changed (CC_NORM) */
};

/* Result of race_le_gets and race_read_plain_line. */
enum {
    RACE_LE_LINE = 0,         /* a line was read */
    RACE_LE_INTERRUPTED = 1,  /* Ctrl-C (SIGINT) abandoned the line */
    RACE_LE_EOF = 2           /* Ctrl-D on an empty line, end of input, or a read error */
};

/*
 * Called on TAB with the text of the line before the cursor (UTF-8). It may call
 * race_le_delete_before_cursor, race_le_insert and race_le_write, and returns one of
 * RACE_LE_CC_*.
 */
typedef int (*race_le_complete_fn)(race_le *editor, const char *line_before_cursor, void *context);

/* Creates an editor on the process's stdin/stdout/stderr (emacs key bindings, ~/.editrc
   read, TAB bound to the completion callback). NULL if libedit cannot start. */
race_le *race_le_create(const char *program_name);
void race_le_destroy(race_le *editor);

/* The prompt libedit shows on the next race_le_gets (copied). */
void race_le_set_prompt(race_le *editor, const char *prompt);

/*
 * Reads one line with editing. *status is RACE_LE_LINE, RACE_LE_INTERRUPTED or
 * RACE_LE_EOF. On RACE_LE_LINE the result is the line without its newline, valid until
 * the next call on this editor; otherwise NULL. SIGINT is caught during the call with a
 * handler installed without SA_RESTART that also wakes the editor's key reader (poll on
 * the terminal and a self-pipe), so Ctrl-C makes the read fail with EINTR, el_gets
 * returns and the typed line is dropped. Clears the interrupt flag.
 */
const char *race_le_gets(race_le *editor, int *status);

void race_le_set_completer(race_le *editor, race_le_complete_fn function, void *context);

/* Inside a completion callback: edit the line at the cursor / print below it. */
int race_le_insert(race_le *editor, const char *text);           /* 0 on success */
void race_le_delete_before_cursor(race_le *editor, int characters);
void race_le_write(race_le *editor, const char *text);           /* to the editor's output, flushed */

/* History. size: entries kept. load/save: 0 on success, -1 on failure.
   save writes a temporary file next to path and renames it over path. */
int race_le_history_set_size(race_le *editor, int size);
int race_le_history_load(race_le *editor, const char *path);
int race_le_history_enter(race_le *editor, const char *line);
int race_le_history_save(race_le *editor, const char *path);
int race_le_history_count(race_le *editor);

/* Columns of the terminal on stdout (80 if unknown). */
int race_terminal_columns(void);

/*
 * SIGINT as a flag. install: a handler that sets the flag (with SA_RESTART, so a long
 * run's I/O is not broken; race_le_gets switches to a non-restarting handler while it
 * waits for keys). Idempotent.
 */
void race_interrupt_install(void);
int race_interrupt_installed(void);
int race_interrupt_requested(void);
void race_interrupt_clear(void);

/* A line from stdin without editing (no prompt). Returns a malloc'd string without its
   line terminator (the caller frees it), or NULL with *status RACE_LE_EOF or
   RACE_LE_INTERRUPTED. */
char *race_read_plain_line(int *status);

#ifdef __cplusplus
}
#endif

#endif

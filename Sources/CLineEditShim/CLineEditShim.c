/*
 * Fixed-argument wrappers over libedit for the LineEditing module. See CLineEditShim.h.
 */
#define _GNU_SOURCE 1

#include "CLineEditShim.h"

#include <errno.h>
#include <fcntl.h>
#include <histedit.h>
#include <limits.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>

struct race_le {
    EditLine *el;
    History *hist;
    HistEvent event;
    char *prompt;
    char *line;               /* the last line returned by race_le_gets */
    race_le_complete_fn complete;
    void *complete_context;
};

/* ---- signals ------------------------------------------------------------------ */

static volatile sig_atomic_t race_sigint_flag = 0;
static volatile sig_atomic_t race_sigcont_flag = 0;
static int race_sigint_installed = 0;

/* Self-pipe: the handlers write a byte to it, and the editor's key reader polls it along
   with the terminal, so a signal wakes the reader whatever thread it was delivered to and
   however close to the start of the wait it came. */
static int race_wake_pipe[2] = {-1, -1};

static void race_wake(void) {
    int saved = errno;
    if (race_wake_pipe[1] >= 0) {
        char byte = 1;
        ssize_t ignored = write(race_wake_pipe[1], &byte, 1);
        (void)ignored;
    }
    errno = saved;
}

static void race_sigint_handler(int signo) {
    (void)signo;
    race_sigint_flag = 1;
    race_wake();
}

static void race_sigcont_handler(int signo) {
    (void)signo;
    race_sigcont_flag = 1;
    race_wake();
}

static void race_wake_pipe_open(void) {
    if (race_wake_pipe[0] >= 0)
        return;
    int fds[2];
    if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0)
        return;
    race_wake_pipe[0] = fds[0];
    race_wake_pipe[1] = fds[1];
}

static void race_wake_pipe_drain(void) {
    char buffer[64];
    if (race_wake_pipe[0] < 0)
        return;
    while (read(race_wake_pipe[0], buffer, sizeof buffer) > 0) {
    }
}

static int race_install(int signo, void (*handler)(int), int flags, struct sigaction *old) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = flags;
    return sigaction(signo, &action, old);
}

void race_interrupt_install(void) {
    if (race_sigint_installed)
        return;
    if (race_install(SIGINT, race_sigint_handler, SA_RESTART, NULL) == 0)
        race_sigint_installed = 1;
}

int race_interrupt_installed(void) { return race_sigint_installed; }
int race_interrupt_requested(void) { return race_sigint_flag != 0; }
void race_interrupt_clear(void) { race_sigint_flag = 0; }

/* ---- the editor ----------------------------------------------------------------- */

static race_le *race_le_of(EditLine *el) {
    void *data = NULL;
    if (el_get(el, EL_CLIENTDATA, &data) != 0)
        return NULL;
    return (race_le *)data;
}

static char *race_le_prompt_fn(EditLine *el) {
    race_le *editor = race_le_of(el);
    static char empty[] = "";
    return (editor && editor->prompt) ? editor->prompt : empty;
}

/*
 * libedit's character reader (EL_GETCFN), replacing its built-in one: waits with poll on the
 * terminal and the wake pipe, so Ctrl-C (SIGINT) or a return from Ctrl-Z (SIGCONT) makes it
 * fail with EINTR, which ends el_gets. Decodes UTF-8 (the locale's multibyte encoding) into
 * one wide character.
 */
static int race_le_getc(EditLine *el, wchar_t *out) {
    (void)el;
    char bytes[MB_LEN_MAX];
    size_t count = 0;
    for (;;) {
        if (race_sigint_flag || race_sigcont_flag) {
            errno = EINTR;
            *out = L'\0';
            return -1;
        }
        struct pollfd fds[2] = {
            {.fd = STDIN_FILENO, .events = POLLIN, .revents = 0},
            {.fd = race_wake_pipe[0], .events = POLLIN, .revents = 0},
        };
        int ready = poll(fds, race_wake_pipe[0] >= 0 ? 2 : 1, -1);
        if (ready < 0) {
            if (errno == EINTR)
                continue; /* the flags are checked at the top */
            *out = L'\0';
            return -1;
        }
        if (race_wake_pipe[0] >= 0 && (fds[1].revents & POLLIN))
            race_wake_pipe_drain();
        if ((fds[0].revents & (POLLIN | POLLHUP | POLLERR)) == 0)
            continue;
        ssize_t got = read(STDIN_FILENO, bytes + count, 1);
        if (got == 0) {
            *out = L'\0';
            return 0;
        }
        if (got < 0) {
            if (errno == EINTR || errno == EAGAIN)
                continue;
            *out = L'\0';
            return -1;
        }
        count++;
        mbstate_t state;
        memset(&state, 0, sizeof state);
        size_t used = mbrtowc(out, bytes, count, &state);
        if (used == (size_t)-2) {          /* incomplete: read on */
            if (count < sizeof bytes)
                continue;
            count = 0;                     /* too long: drop it */
            continue;
        }
        if (used == (size_t)-1) {          /* invalid: drop what was read */
            count = 0;
            continue;
        }
        return 1;                          /* used == 0 is a NUL character: *out is 0 */
    }
}

static unsigned char race_le_complete_cmd(EditLine *el, int ch) {
    (void)ch;
    race_le *editor = race_le_of(el);
    if (editor == NULL || editor->complete == NULL)
        return CC_ERROR;
    const LineInfo *info = el_line(el);
    size_t length = (size_t)(info->cursor - info->buffer);
    char *before = malloc(length + 1);
    if (before == NULL)
        return CC_ERROR;
    memcpy(before, info->buffer, length);
    before[length] = '\0';
    int result = editor->complete(editor, before, editor->complete_context);
    free(before);
    switch (result) {
    case RACE_LE_CC_REFRESH: return CC_REFRESH;
    case RACE_LE_CC_REDISPLAY: return CC_REDISPLAY;
    case RACE_LE_CC_NORM: return CC_NORM;
    default: return CC_ERROR;
    }
}

/* libedit decodes input with mbrtowc: in the "C" locale every non-ASCII byte is dropped.
   Take the environment's locale, and if that is plain C/POSIX, C.UTF-8. */
static void race_le_setup_locale(void) {
    const char *current = setlocale(LC_CTYPE, NULL);
    if (current != NULL && strcmp(current, "C") != 0 && strcmp(current, "POSIX") != 0)
        return; /* the program chose one already */
    const char *chosen = setlocale(LC_CTYPE, "");
    if (chosen == NULL || strcmp(chosen, "C") == 0 || strcmp(chosen, "POSIX") == 0) {
        if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
            setlocale(LC_CTYPE, "C");
    }
}

race_le *race_le_create(const char *program_name) {
    race_le_setup_locale();
    race_le *editor = calloc(1, sizeof *editor);
    if (editor == NULL)
        return NULL;
    editor->el = el_init(program_name ? program_name : "race", stdin, stdout, stderr);
    if (editor->el == NULL) {
        free(editor);
        return NULL;
    }
    editor->hist = history_init();
    if (editor->hist == NULL) {
        el_end(editor->el);
        free(editor);
        return NULL;
    }
    history(editor->hist, &editor->event, H_SETSIZE, 1000);
    history(editor->hist, &editor->event, H_SETUNIQUE, 1);
    editor->prompt = strdup("");

    el_set(editor->el, EL_CLIENTDATA, (void *)editor);
    el_set(editor->el, EL_EDITOR, "emacs");
    el_set(editor->el, EL_PROMPT_ESC, race_le_prompt_fn, '\1');
    el_set(editor->el, EL_HIST, history, editor->hist);
    race_wake_pipe_open();
    el_set(editor->el, EL_GETCFN, race_le_getc);
    /* No EL_SIGNAL: its handlers re-raise with kill(0, sig) to the whole process group.
       SIGINT and SIGCONT are handled around el_gets below. */
    el_source(editor->el, NULL); /* ~/.editrc, before our TAB binding so TAB stays ours */
    el_set(editor->el, EL_ADDFN, "race-complete", "complete the word before the cursor",
           race_le_complete_cmd);
    el_set(editor->el, EL_BIND, "^I", "race-complete", NULL);
    return editor;
}

void race_le_destroy(race_le *editor) {
    if (editor == NULL)
        return;
    el_end(editor->el);
    history_end(editor->hist);
    free(editor->prompt);
    free(editor->line);
    free(editor);
}

void race_le_set_prompt(race_le *editor, const char *prompt) {
    char *copy = strdup(prompt ? prompt : "");
    if (copy == NULL)
        return;
    free(editor->prompt);
    editor->prompt = copy;
}

void race_le_set_completer(race_le *editor, race_le_complete_fn function, void *context) {
    editor->complete = function;
    editor->complete_context = context;
}

const char *race_le_gets(race_le *editor, int *status) {
    struct sigaction old_int, old_cont;
    char *pending = NULL; /* text to put back after a SIGCONT (the user was editing it) */
    const char *result = NULL;
    int count = 0;

    /* While waiting for keys: handlers without SA_RESTART, which also wake the key reader
       through the pipe; it fails with EINTR and el_gets returns NULL. */
    race_sigint_flag = 0;
    race_sigcont_flag = 0;
    int have_int = race_install(SIGINT, race_sigint_handler, 0, &old_int) == 0;
    int have_cont = race_install(SIGCONT, race_sigcont_handler, 0, &old_cont) == 0;
    race_wake_pipe_drain();

    *status = RACE_LE_EOF;
    for (;;) {
        if (pending != NULL) {
            if (pending[0] != '\0')
                el_push(editor->el, pending);
            free(pending);
            pending = NULL;
        }
        /* The terminal in editing mode before the prompt shows: keys typed as soon as the
           prompt is seen are read as keys (in cooked mode a Ctrl-D would turn into NUL). */
        el_set(editor->el, EL_PREP_TERM, 1);
        result = el_gets(editor->el, &count);
        if (result != NULL && count > 0) {
            *status = RACE_LE_LINE;
            break;
        }
        if (race_sigint_flag) {
            *status = RACE_LE_INTERRUPTED;
            break;
        }
        if (race_sigcont_flag && count < 0) {
            /* Back from Ctrl-Z: libedit put the terminal back to cooked mode when el_gets
               failed; start the line again on a fresh row with what had been typed. */
            race_sigcont_flag = 0;
            const LineInfo *info = el_line(editor->el);
            size_t length = (size_t)(info->lastchar - info->buffer);
            pending = malloc(length + 1);
            if (pending != NULL) {
                memcpy(pending, info->buffer, length);
                pending[length] = '\0';
            }
            fputs("\n", stdout);
            fflush(stdout);
            continue;
        }
        *status = RACE_LE_EOF;
        break;
    }

    if (have_int)
        sigaction(SIGINT, &old_int, NULL);
    if (have_cont)
        sigaction(SIGCONT, &old_cont, NULL);
    race_sigint_flag = 0;
    race_sigcont_flag = 0;

    if (*status != RACE_LE_LINE)
        return NULL;
    size_t length = (size_t)count;
    char *copy = malloc(length + 1);
    if (copy == NULL) {
        *status = RACE_LE_EOF;
        return NULL;
    }
    memcpy(copy, result, length);
    copy[length] = '\0';
    while (length > 0 && (copy[length - 1] == '\n' || copy[length - 1] == '\r'))
        copy[--length] = '\0';
    free(editor->line);
    editor->line = copy;
    return copy;
}

int race_le_insert(race_le *editor, const char *text) {
    if (text == NULL || text[0] == '\0')
        return 0;
    return el_insertstr(editor->el, text) == 0 ? 0 : -1;
}

void race_le_delete_before_cursor(race_le *editor, int characters) {
    if (characters > 0)
        el_deletestr(editor->el, characters);
}

void race_le_write(race_le *editor, const char *text) {
    (void)editor;
    fputs(text, stdout);
    fflush(stdout);
}

/* ---- history -------------------------------------------------------------------- */

int race_le_history_set_size(race_le *editor, int size) {
    return history(editor->hist, &editor->event, H_SETSIZE, size) < 0 ? -1 : 0;
}

int race_le_history_load(race_le *editor, const char *path) {
    return history(editor->hist, &editor->event, H_LOAD, path) < 0 ? -1 : 0;
}

int race_le_history_enter(race_le *editor, const char *line) {
    return history(editor->hist, &editor->event, H_ENTER, line) < 0 ? -1 : 0;
}

/* The folder part of `path` ("." when it has none), flushed so a rename in it is durable. */
static void race_sync_folder_of(const char *path) {
    const char *slash = strrchr(path, '/');
    char folder[PATH_MAX];
    if (slash == NULL) {
        strcpy(folder, ".");
    } else {
        size_t length = slash == path ? 1 : (size_t)(slash - path);
        if (length >= sizeof folder)
            return;
        memcpy(folder, path, length);
        folder[length] = '\0';
    }
    int descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (descriptor < 0)
        return;
    (void)fsync(descriptor);
    close(descriptor);
}

/* Writes the history to `path.tmp-PID`, flushes it to disk, renames it over `path` and
   flushes the folder: after a crash or a power cut the file is the old history or the new,
   never a torn one. The temporary file is removed on every failure. */
int race_le_history_save(race_le *editor, const char *path) {
    size_t length = strlen(path) + 32;
    char *temporary = malloc(length);
    if (temporary == NULL)
        return -1;
    snprintf(temporary, length, "%s.tmp-%ld", path, (long)getpid());
    int descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    FILE *file = descriptor >= 0 ? fdopen(descriptor, "w") : NULL;
    if (file == NULL) {
        if (descriptor >= 0) {
            close(descriptor);
            unlink(temporary);
        }
        free(temporary);
        return -1;
    }
    int ok = history(editor->hist, &editor->event, H_SAVE_FP, file) >= 0;
    ok = ok && fflush(file) == 0 && fsync(fileno(file)) == 0;
    if (fclose(file) != 0)
        ok = 0;
    if (ok && rename(temporary, path) == 0) {
        race_sync_folder_of(path);
        free(temporary);
        return 0;
    }
    unlink(temporary);
    free(temporary);
    return -1;
}

int race_le_history_count(race_le *editor) {
    if (history(editor->hist, &editor->event, H_GETSIZE) < 0)
        return 0;
    return editor->event.num;
}

/* ---- odds and ends ---------------------------------------------------------------- */

int race_terminal_columns(void) {
    struct winsize size;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
        return size.ws_col;
    return 80;
}

char *race_read_plain_line(int *status) {
    char *buffer = NULL;
    size_t capacity = 0;
    char *result = NULL;
    /* With the interrupt handler installed, Ctrl-C must end the wait (a terminal without
       editing): no SA_RESTART while reading. */
    struct sigaction old_int;
    int swapped = race_sigint_installed
        && race_install(SIGINT, race_sigint_handler, 0, &old_int) == 0;
    race_sigint_flag = 0;
    *status = RACE_LE_EOF;
    for (;;) {
        errno = 0;
        ssize_t length = getline(&buffer, &capacity, stdin);
        if (length >= 0) {
            while (length > 0 && (buffer[length - 1] == '\n' || buffer[length - 1] == '\r'))
                buffer[--length] = '\0';
            *status = RACE_LE_LINE;
            result = buffer;
            break;
        }
        if (errno == EINTR && ferror(stdin)) {
            clearerr(stdin);
            if (race_sigint_flag) {
                *status = RACE_LE_INTERRUPTED;
                break;
            }
            continue;
        }
        break;
    }
    if (swapped)
        sigaction(SIGINT, &old_int, NULL);
    race_sigint_flag = 0;
    if (result == NULL)
        free(buffer);
    return result;
}

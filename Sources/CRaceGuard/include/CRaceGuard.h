#ifndef CRACEGUARD_H
#define CRACEGUARD_H

/*
 * The REPL's last line of defence. After race_guard_install, a fatal signal (SIGSEGV,
 * SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT: a crash, a Swift runtime trap, a stack
 * overflow) removes the temporary file being written, if any, says which entry was being
 * handled, and then either starts the program again (execve, the same arguments and an
 * environment that asks the new process to restore the session from its journal) or, when
 * restarting is off, points the user to :recover and ends as the signal would have.
 * A terminating signal (SIGTERM, SIGHUP) removes the temporary file, then ends the
 * process as it would have.
 *
 * Everything the handler uses is set up before: it only calls async-signal-safe functions.
 */

/* Installs the handlers. `executable`, `argv` and `envp` are what execve gets to restart;
   they must stay valid for the life of the process (strdup'd, never freed). With `restart`
   0, or `executable` NULL, a crash is reported and the process ends. Returns 0 on success. */
int race_guard_install(const char *executable, char *const argv[], char *const envp[], int restart);

/* The entry being handled now (copied, at most 200 bytes kept), or NULL when none is. */
void race_guard_set_entry(const char *text);

/* The temporary file being written now (copied), or NULL when none is. */
void race_guard_set_temporary(const char *path);

/* The message shown after a crash when the process cannot restart (copied). */
void race_guard_set_advice(const char *text);

#endif

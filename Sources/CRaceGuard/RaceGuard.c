/*
 * Fatal and terminating signals in the REPL. See CRaceGuard.h.
 */
#define _GNU_SOURCE 1

#include "CRaceGuard.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RACE_GUARD_TEXT 512

static char guard_entry[RACE_GUARD_TEXT];
static char guard_temporary[4096];
static char guard_advice[RACE_GUARD_TEXT] = "Start race again and type :recover to restore the session.\n";
static const char *guard_executable;
static char *const *guard_argv;
static char *const *guard_envp;
static int guard_restart;
/* Room for the handler when the crash is a stack overflow. */
static char guard_stack[64 * 1024];

static const int fatal_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT};
static const int terminating_signals[] = {SIGTERM, SIGHUP};

static void copy_text(char *destination, size_t size, const char *text) {
    if (text == NULL) {
        destination[0] = '\0';
        return;
    }
    size_t length = strlen(text);
    if (length >= size)
        length = size - 1;
    memcpy(destination, text, length);
    destination[length] = '\0';
}

void race_guard_set_entry(const char *text) { copy_text(guard_entry, sizeof guard_entry, text); }

void race_guard_set_temporary(const char *path) { copy_text(guard_temporary, sizeof guard_temporary, path); }

void race_guard_set_advice(const char *text) { copy_text(guard_advice, sizeof guard_advice, text); }

static void say(const char *text) {
    size_t length = strlen(text);
    while (length > 0) {
        ssize_t written = write(STDERR_FILENO, text, length);
        if (written <= 0)
            return;
        text += written;
        length -= (size_t)written;
    }
}

static const char *signal_name(int signo) {
    switch (signo) {
    case SIGSEGV: return "SIGSEGV, a bad memory access or a stack overflow";
    case SIGBUS: return "SIGBUS, a bad memory access";
    case SIGILL: return "SIGILL, a runtime check failed";
    case SIGTRAP: return "SIGTRAP, a runtime check failed";
    case SIGFPE: return "SIGFPE, an arithmetic fault";
    case SIGABRT: return "SIGABRT, the program aborted";
    default: return "a fatal signal";
    }
}

/* Ends the process as the signal would have: default action, signal unblocked. */
static void end_with(int signo) {
    signal(signo, SIG_DFL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, signo);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise(signo);
    _exit(128 + signo);
}

static void on_fatal_signal(int signo) {
    if (guard_temporary[0] != '\0')
        unlink(guard_temporary);
    say("\nrace: internal error (");
    say(signal_name(signo));
    say(")");
    if (guard_entry[0] != '\0') {
        say(" while handling:\n  ");
        say(guard_entry);
    }
    say("\n");
    if (guard_restart && guard_executable != NULL) {
        say(guard_entry[0] != '\0' ? "Restarting with the session as it was before that entry...\n"
                                    : "Restarting with the session restored from its journal...\n");
        /* The new image inherits the signal mask: unblock everything first. */
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        execve(guard_executable, guard_argv, guard_envp);
        say("race: could not restart.\n");
    }
    say(guard_advice);
    end_with(signo);
}

static void on_terminating_signal(int signo) {
    if (guard_temporary[0] != '\0')
        unlink(guard_temporary);
    end_with(signo);
}

int race_guard_install(const char *executable, char *const argv[], char *const envp[], int restart) {
    guard_executable = executable;
    guard_argv = argv;
    guard_envp = envp;
    guard_restart = restart;
    stack_t stack;
    memset(&stack, 0, sizeof stack);
    stack.ss_sp = guard_stack;
    stack.ss_size = sizeof guard_stack;
    if (sigaltstack(&stack, NULL) != 0)
        return -1;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    sigemptyset(&action.sa_mask);
    action.sa_handler = on_fatal_signal;
    action.sa_flags = SA_ONSTACK | SA_RESETHAND;
    for (size_t i = 0; i < sizeof fatal_signals / sizeof fatal_signals[0]; i++)
        if (sigaction(fatal_signals[i], &action, NULL) != 0)
            return -1;
    action.sa_handler = on_terminating_signal;
    action.sa_flags = 0;
    for (size_t i = 0; i < sizeof terminating_signals / sizeof terminating_signals[0]; i++)
        if (sigaction(terminating_signals[i], &action, NULL) != 0)
            return -1;
    return 0;
}

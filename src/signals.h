/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Commands that change something (compact, probe) or own the terminal
 * (watch) catch SIGINT, SIGTERM, SIGHUP and SIGQUIT with a handler that only
 * records the signal, restore what they changed, then die of that signal
 * (exit status 128+N) with cc_signals_reraise().
 */
#ifndef COMPACTCTL_SIGNALS_H
#define COMPACTCTL_SIGNALS_H

#include <signal.h>

extern volatile sig_atomic_t cc_got_signal;

/* No SA_RESTART: blocking opens, writes and polls return EINTR. A signal
 * ignored on entry (nohup, a background job's SIGINT) stays ignored. */
void cc_signals_catch(void);
void cc_signals_restore(void);
/* Hold the handled signals back (sigprocmask) until the old mask is set
 * again, so a restore cannot be interrupted. */
void cc_signals_block(sigset_t *old);
/* Restore the dispositions and raise the recorded signal (default action). */
void cc_signals_reraise(void);

/* A one-shot SIGALRM after secs that interrupts a blocking open or read
 * (EINTR) and sets cc_alarm_fired: the path layer's bound on FIFOs. */
extern volatile sig_atomic_t cc_alarm_fired;
void cc_alarm_arm(double secs);
void cc_alarm_disarm(void);

#endif

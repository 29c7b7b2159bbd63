// SPDX-License-Identifier: GPL-2.0-or-later
#include <signal.h>
#include <string.h>
#include <sys/time.h>

#include "compactctl.h"
#include "signals.h"

volatile sig_atomic_t cc_got_signal;

static const int handled[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
static struct sigaction saved[ARRAY_SIZE(handled)];
static bool caught;

static void on_signal(int sig)
{
	cc_got_signal = sig;
}

void cc_signals_catch(void)
{
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < ARRAY_SIZE(handled); i++) {
		sigaction(handled[i], NULL, &saved[i]);
		if (saved[i].sa_handler != SIG_IGN)
			sigaction(handled[i], &sa, NULL);
	}
	caught = true;
}

void cc_signals_restore(void)
{
	size_t i;

	if (!caught)
		return;
	for (i = 0; i < ARRAY_SIZE(handled); i++)
		sigaction(handled[i], &saved[i], NULL);
	caught = false;
}

void cc_signals_block(sigset_t *old)
{
	sigset_t set;
	size_t i;

	sigemptyset(&set);
	for (i = 0; i < ARRAY_SIZE(handled); i++)
		sigaddset(&set, handled[i]);
	sigprocmask(SIG_BLOCK, &set, old);
}

void cc_signals_reraise(void)
{
	int sig = cc_got_signal;

	cc_signals_restore();
	if (!sig)
		return;
	signal(sig, SIG_DFL);
	raise(sig);
}

volatile sig_atomic_t cc_alarm_fired;

static void on_alarm(int sig)
{
	(void)sig;
	cc_alarm_fired = 1;
}

void cc_alarm_arm(double secs)
{
	struct itimerval it = { { 0, 0 }, { 0, 0 } };
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;	/* no SA_RESTART: the wait returns EINTR */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	cc_alarm_fired = 0;
	if (secs < 0.001)
		secs = 0.001;
	it.it_value.tv_sec = (time_t)secs;
	it.it_value.tv_usec = (suseconds_t)((secs - (double)(time_t)secs) * 1e6);
	setitimer(ITIMER_REAL, &it, NULL);
}

void cc_alarm_disarm(void)
{
	struct itimerval it = { { 0, 0 }, { 0, 0 } };

	setitimer(ITIMER_REAL, &it, NULL);
}

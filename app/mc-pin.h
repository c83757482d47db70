/* mc-pin.h: the clerk's PIN, which opens clerk mode.
 *
 * Set at first start (mc_pin_is_set() FALSE: the UI asks the clerk for a new
 * PIN twice and calls mc_pin_set()). Only an Argon2id hash is stored
 * (libsodium's crypto_pwhash_str, "interactive" limits: about 0.1 s and 64 MiB
 * per check), in the store's `clerk` table, together with the failure count
 * and the lock-out, so that both survive a restart and change in one
 * transaction with the rest of the database (same 0600 file in the 0700 data
 * folder; no second file to keep private or to lose in a backup).
 *
 * Lock-out: the first MC_PIN_FREE_TRIES - 1 wrong PINs cost nothing; the
 * MC_PIN_FREE_TRIES-th wrong PIN in a row locks for 30 s, each further one
 * doubles the lock (60 s, 120 s, …) up to 15 minutes. While locked, no PIN is
 * checked at all. A right PIN clears the count.
 *
 * Time is passed in (@now, unix seconds) so tests need no clock. No PIN and no
 * hash ever reaches a log line or the configuration.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include "mc-store.h"

G_BEGIN_DECLS

#define MC_PIN_ERROR (mc_pin_error_quark ())
typedef enum {
  MC_PIN_ERROR_WEAK,     /* not 4–8 digits, or too easy to guess (0000, 1234, …) */
  MC_PIN_ERROR_NOT_SET,  /* no PIN yet: set one first */
  MC_PIN_ERROR_WRONG,    /* wrong PIN (the message says if a lock follows) */
  MC_PIN_ERROR_LOCKED,   /* too many wrong PINs: wait (see out_locked_until) */
  MC_PIN_ERROR_FAILED,   /* the store or the hash function failed */
} McPinError;
GQuark mc_pin_error_quark (void);

#define MC_PIN_MIN_DIGITS   4
#define MC_PIN_MAX_DIGITS   8
#define MC_PIN_FREE_TRIES   3
#define MC_PIN_FIRST_LOCK_S 30
#define MC_PIN_MAX_LOCK_S   (15 * 60)

/* TRUE when @pin is 4–8 ASCII digits and not trivial: all one digit (0000),
 * a run up or down (1234, 9876, 01234567), or two digits repeated (1212).
 * Otherwise MC_PIN_ERROR_WEAK with a message for the clerk. For the UI's
 * "new PIN" field, before mc_pin_set(). */
gboolean  mc_pin_check_strength (const char  *pin,
                                 GError     **error);

/* Whether a PIN has been set in @store. */
gboolean  mc_pin_is_set         (McStore     *store);

/* Sets (or, from clerk mode after mc_pin_verify(), changes) the PIN: checks
 * its strength, hashes it, stores the hash and clears any lock-out. */
gboolean  mc_pin_set            (McStore     *store,
                                 const char  *pin,
                                 GError     **error);

/* Checks @pin at time @now. TRUE: open clerk mode. FALSE with
 * MC_PIN_ERROR_WRONG (counted), MC_PIN_ERROR_LOCKED (not even checked),
 * MC_PIN_ERROR_NOT_SET or MC_PIN_ERROR_FAILED. @out_locked_until (nullable)
 * receives when the next try is allowed (0: now): after a wrong PIN that
 * starts a lock, and while locked. */
gboolean  mc_pin_verify         (McStore     *store,
                                 const char  *pin,
                                 gint64       now,
                                 gint64      *out_locked_until,
                                 GError     **error);

/* When the next try is allowed, or 0 when it is allowed at @now (for the UI
 * to show a countdown before the clerk types). */
gint64    mc_pin_get_locked_until (McStore   *store,
                                   gint64     now);

/* The lock after @failures wrong PINs in a row: 0 below MC_PIN_FREE_TRIES,
 * then 30 s doubling up to MC_PIN_MAX_LOCK_S. */
guint     mc_pin_lock_seconds   (guint        failures);

G_END_DECLS

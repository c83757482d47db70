/* mc-pin.c: the clerk's PIN (Argon2id via libsodium) and its lock-out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"
#define G_LOG_DOMAIN "mc-pin"

#include "mc-pin.h"

#include <string.h>
#include <glib/gi18n.h>
#include <sodium.h>

#include "mc-store-private.h"

G_DEFINE_QUARK (mc-pin-error-quark, mc_pin_error)

static gboolean
ensure_sodium (GError **error)
{
  static gsize done = 0;
  static gboolean ok = FALSE;

  if (g_once_init_enter (&done))
    {
      ok = sodium_init () >= 0;
      g_once_init_leave (&done, 1);
    }

  if (!ok)
    g_set_error_literal (error, MC_PIN_ERROR, MC_PIN_ERROR_FAILED,
                         _("The PIN cannot be checked: the cryptography library failed to "
                           "start"));
  return ok;
}

static gboolean
is_trivial (const char *pin,
            gsize       len)
{
  gboolean same = TRUE, up = TRUE, down = TRUE, pairs = TRUE;

  for (gsize i = 1; i < len; i++)
    {
      same &= pin[i] == pin[0];
      up &= pin[i] == pin[i - 1] + 1;
      down &= pin[i] == pin[i - 1] - 1;
      pairs &= pin[i] == pin[i % 2];
    }

  return same || up || down || pairs;
}

gboolean
mc_pin_check_strength (const char  *pin,
                       GError     **error)
{
  gsize len;

  g_return_val_if_fail (pin != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  len = strlen (pin);
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (pin[i]))
      len = 0;

  if (len < MC_PIN_MIN_DIGITS || len > MC_PIN_MAX_DIGITS)
    {
      g_set_error (error, MC_PIN_ERROR, MC_PIN_ERROR_WEAK,
                   _("The PIN must be %d to %d digits."), MC_PIN_MIN_DIGITS, MC_PIN_MAX_DIGITS);
      return FALSE;
    }

  if (is_trivial (pin, len))
    {
      g_set_error_literal (error, MC_PIN_ERROR, MC_PIN_ERROR_WEAK,
                           _("This PIN is too easy to guess (one digit repeated, a run such "
                             "as 1234, or a pair repeated). Choose another."));
      return FALSE;
    }

  return TRUE;
}

gboolean
mc_pin_is_set (McStore *store)
{
  g_return_val_if_fail (store != NULL, FALSE);

  return _mc_store_get_clerk (store, NULL, NULL, NULL);
}

guint
mc_pin_lock_seconds (guint failures)
{
  guint lock = MC_PIN_FIRST_LOCK_S;

  if (failures < MC_PIN_FREE_TRIES)
    return 0;

  for (guint i = MC_PIN_FREE_TRIES; i < failures && lock < MC_PIN_MAX_LOCK_S; i++)
    lock *= 2;

  return MIN (lock, MC_PIN_MAX_LOCK_S);
}

static gboolean
store_failed (GError  *store_error,
              GError **error)
{
  g_set_error (error, MC_PIN_ERROR, MC_PIN_ERROR_FAILED,
               _("The PIN cannot be checked: %s"), store_error->message);
  return FALSE;
}

gboolean
mc_pin_set (McStore     *store,
            const char  *pin,
            GError     **error)
{
  char hash[crypto_pwhash_STRBYTES];
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (pin != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!mc_pin_check_strength (pin, error) || !ensure_sodium (error))
    return FALSE;

  if (crypto_pwhash_str (hash, pin, strlen (pin), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      g_set_error_literal (error, MC_PIN_ERROR, MC_PIN_ERROR_FAILED,
                           _("The PIN cannot be saved: out of memory"));
      return FALSE;
    }

  ok = _mc_store_set_clerk (store, hash, 0, 0, &local_error);
  sodium_memzero (hash, sizeof hash);
  if (!ok)
    return store_failed (local_error, error);

  g_debug ("Clerk PIN set");
  return TRUE;
}

gint64
mc_pin_get_locked_until (McStore *store,
                         gint64   now)
{
  gint64 locked_until = 0;
  guint failures = 0;

  g_return_val_if_fail (store != NULL, 0);

  if (!_mc_store_get_clerk (store, NULL, &failures, &locked_until) || locked_until <= now)
    return 0;

  /* A clock set back must not lock the clerk out for longer than the longest lock. */
  return MIN (locked_until, now + (gint64) mc_pin_lock_seconds (failures));
}

static char *
format_wait (gint64 seconds)
{
  if (seconds < 60)
    return g_strdup_printf (ngettext ("%d second", "%d seconds", (int) seconds), (int) seconds);

  seconds = (seconds + 59) / 60;
  return g_strdup_printf (ngettext ("%d minute", "%d minutes", (int) seconds), (int) seconds);
}

gboolean
mc_pin_verify (McStore     *store,
               const char  *pin,
               gint64       now,
               gint64      *out_locked_until,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *wait = NULL;
  gint64 locked_until;
  guint failures, lock;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (pin != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (out_locked_until != NULL)
    *out_locked_until = 0;

  if (!ensure_sodium (error))
    return FALSE;

  if (!_mc_store_get_clerk (store, &hash, &failures, &locked_until))
    {
      g_set_error_literal (error, MC_PIN_ERROR, MC_PIN_ERROR_NOT_SET,
                           _("No clerk PIN has been set yet."));
      return FALSE;
    }

  locked_until = mc_pin_get_locked_until (store, now);
  if (locked_until > now)
    {
      wait = format_wait (locked_until - now);
      if (out_locked_until != NULL)
        *out_locked_until = locked_until;
      g_set_error (error, MC_PIN_ERROR, MC_PIN_ERROR_LOCKED,
                   /* Translators: %s is "30 seconds", "2 minutes", … */
                   _("Too many wrong PINs. Try again in %s."), wait);
      return FALSE;
    }

  if (crypto_pwhash_str_verify (hash, pin, strlen (pin)) == 0)
    {
      if (failures != 0 && !_mc_store_set_clerk (store, NULL, 0, 0, &local_error))
        return store_failed (local_error, error);
      g_debug ("Clerk PIN accepted");
      return TRUE;
    }

  failures = MIN (failures + 1, 1000);
  lock = mc_pin_lock_seconds (failures);
  locked_until = lock > 0 ? now + lock : 0;
  if (!_mc_store_set_clerk (store, NULL, failures, locked_until, &local_error))
    return store_failed (local_error, error);

  g_debug ("Wrong clerk PIN (%u in a row)", failures);

  if (out_locked_until != NULL)
    *out_locked_until = locked_until;
  if (lock > 0)
    {
      wait = format_wait (lock);
      g_set_error (error, MC_PIN_ERROR, MC_PIN_ERROR_WRONG,
                   /* Translators: %s is "30 seconds", "2 minutes", … */
                   _("Wrong PIN. Try again in %s."), wait);
    }
  else
    {
      g_set_error_literal (error, MC_PIN_ERROR, MC_PIN_ERROR_WRONG, _("Wrong PIN."));
    }
  return FALSE;
}

/* mc-config.h: the kiosk's configuration (a GKeyFile, data/kiosk.conf.sample).
 *
 * Layers, each overriding the one before, key by key:
 *   1. built-in defaults;
 *   2. MC_CONFIG_SYSTEM_PATH (/etc/motcua-kiosk/kiosk.conf: the province's
 *      image, IT staff);
 *   3. <data_dir>/kiosk.conf: what the clerk changed in clerk mode
 *      (mc_config_save() writes only the keys that differ from 1+2).
 * A file given explicitly (`--config FILE`) replaces 2 and 3: mc_config_load().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "mc-input.h"

G_BEGIN_DECLS

#define MC_CONFIG_ERROR (mc_config_error_quark ())
typedef enum {
  MC_CONFIG_ERROR_INVALID,
} McConfigError;
GQuark mc_config_error_quark (void);

typedef struct {
  char  *kiosk_id;              /* [kiosk] id: "demo-kiosk"; goes into local numbers */
  char  *office_name;           /* [kiosk] office: "UBND xã …" */
  char  *language;              /* [kiosk] language: "vi" (default) or "en" */
  char  *portal_url;            /* [portal] url: "http://127.0.0.1:8765" */
  char  *procedure_url_pattern; /* [portal] procedure-url: "{code}" is replaced */
  char  *tracking_url_pattern;  /* [portal] tracking-url: "{code}" is replaced */
  guint  retry_initial_s;       /* [sync] retry-initial: 30 */
  guint  retry_max_s;           /* [sync] retry-max: 900 */
  guint  request_timeout_s;     /* [sync] timeout: 60 */
  McInputMethod input_method;   /* [input] method: telex (default) or vni */
  McToneStyle   tone_style;     /* [input] tone-style: new (hoà, default) or old (hòa) */
  guint  upload_chunk_bytes;    /* [sync] chunk-size: 1048576 (one tus PATCH) */
  /* Clerk mode, lock-down, privacy, fleet (issue 7): */
  char  *agency_code;           /* [kiosk] agency-code: "" (the office's code at the
                                 * portal, e.g. "000.00.31.H29") */
  guint  idle_timeout_s;        /* [kiosk] idle-timeout: 120 (15 to 3600 s) */
  char **favourites;            /* [kiosk] favourites: procedure codes shown first,
                                 * ";"-separated; never NULL (empty vector) */
  char  *printer;               /* [kiosk] printer: "" = the system's default */
  char  *scanner;               /* [kiosk] scanner: "" = the first one found */
  guint  retention_days;        /* [kiosk] retention-days: 0 (0 to 3650): personal
                                 * data of delivered dossiers is purged this many
                                 * days after delivery (0: right after) */
  gboolean kiosk_mode;          /* [kiosk] kiosk-mode: false (true: lock-down, as
                                 * with --kiosk) */
  char  *metrics_textfile;      /* [metrics] textfile: "" = none; else an absolute
                                 * path ending in ".prom" (mc-metrics.h) */
  guint  metrics_interval_s;    /* [metrics] interval: 300 (60 to 86400 s) */
  guint  catalogue_check_s;     /* [portal] catalogue-check: 86400 (3600 to 2592000 s):
                                 * how often the kiosk asks the portal for a newer
                                 * catalogue (and once at startup) */
} McConfig;

/* Where the system-wide layer lives. */
#define MC_CONFIG_SYSTEM_PATH "/etc/motcua-kiosk/kiosk.conf"
/* The clerk's layer: <data_dir>/MC_CONFIG_DATA_NAME. */
#define MC_CONFIG_DATA_NAME   "kiosk.conf"

/* Defaults for everything. */
McConfig *mc_config_new_default (void);
/* Defaults overlaid with @path (a missing file is an error; unknown keys are
 * ignored; bad values are an error naming the key). */
McConfig *mc_config_load        (const char  *path,
                                 GError     **error);
void      mc_config_free        (McConfig    *self);
McConfig *mc_config_copy        (const McConfig *self);

/* Defaults, overlaid with @system_path (nullable; usually
 * MC_CONFIG_SYSTEM_PATH) and then <@data_dir>/kiosk.conf (@data_dir
 * nullable); a layer whose file does not exist is skipped. A bad value is an
 * error naming the file, the group and the key. */
McConfig *mc_config_load_layered (const char  *system_path,
                                  const char  *data_dir,
                                  GError     **error);

/* Every check mc_config_load() makes, on @self as it is (for the settings
 * screen before saving): MC_CONFIG_ERROR_INVALID naming the first bad key. */
gboolean  mc_config_validate    (const McConfig  *self,
                                 GError         **error);

/* Clerk mode's "Save": validates @self, then writes <@data_dir>/kiosk.conf
 * atomically (temporary file, fsync, rename; mode 0600; @data_dir created
 * 0700) holding only the keys whose value differs from the defaults overlaid
 * with @system_path (nullable). Nothing is written when @self is invalid.
 * Unknown keys and comments of an earlier data copy are not kept. */
gboolean  mc_config_save        (const McConfig  *self,
                                 const char      *system_path,
                                 const char      *data_dir,
                                 GError         **error);

/* @pattern with every "{code}" replaced by @code, URI-escaped. */
char     *mc_config_expand_url  (const char  *pattern,
                                 const char  *code);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McConfig, mc_config_free)

G_END_DECLS

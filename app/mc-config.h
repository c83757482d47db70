/* mc-config.h: the kiosk's configuration (a GKeyFile, data/kiosk.conf.sample).
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
} McConfig;

/* Defaults for everything. */
McConfig *mc_config_new_default (void);
/* Defaults overlaid with @path (a missing file is an error; unknown keys are
 * ignored; bad values are an error naming the key). */
McConfig *mc_config_load        (const char  *path,
                                 GError     **error);
void      mc_config_free        (McConfig    *self);

/* @pattern with every "{code}" replaced by @code, URI-escaped. */
char     *mc_config_expand_url  (const char  *pattern,
                                 const char  *code);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McConfig, mc_config_free)

G_END_DECLS

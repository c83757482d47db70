/* mc-units.h: Vietnam's administrative units since the 2025 reform (34 provinces,
 * 3,321 communes: xã, phường, đặc khu) and the map from the pre-2025 units still
 * printed on CCCD cards and in old papers (63 provinces, districts, communes).
 *
 * Loaded from data/units.tsv (made by data/import-units.py). Immutable after
 * load, so it may be shared between threads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MC_UNITS_ERROR (mc_units_error_quark ())
typedef enum {
  MC_UNITS_ERROR_PARSE,      /* the units file is missing or not ours */
  MC_UNITS_ERROR_NOT_FOUND,  /* an address whose units we cannot place */
} McUnitsError;
GQuark mc_units_error_quark (void);

typedef enum {
  MC_UNIT_PROVINCE,
  MC_UNIT_COMMUNE,
} McUnitKind;

/* One 2025 unit. Owned by McUnits. */
typedef struct {
  McUnitKind  kind;
  guint       code;           /* GSO code: 1 = Hà Nội; 4 = Phường Ba Đình */
  guint       province_code;  /* for a province, its own code */
  const char *name;           /* "Thành phố Hà Nội", "Xã Ô Diên" */
  const char *type;           /* "thành phố trung ương", "tỉnh", "xã", "phường", "đặc khu" */
} McUnit;

typedef struct _McUnits McUnits;

McUnits      *mc_units_new_from_file     (const char  *path,
                                          GError     **error);
/* units.tsv from $MOTCUA_DATA_DIR, the source tree, then PKGDATADIR. */
McUnits      *mc_units_new_default       (GError     **error);
void          mc_units_free              (McUnits     *self);

/* The 34 provinces by code. Transfer none: array of const McUnit*. */
GPtrArray    *mc_units_get_provinces     (McUnits     *self);
/* The communes of a province, by name order. Transfer container (NULL when
 * there is no such province). */
GPtrArray    *mc_units_get_communes      (McUnits     *self,
                                          guint        province_code);
/* A province or a commune by code (provinces and communes do not share codes
 * in practice, but ask for the kind). NULL when unknown. */
const McUnit *mc_units_lookup            (McUnits     *self,
                                          McUnitKind   kind,
                                          guint        code);
/* Units whose name matches @name, compared folded (tones, their position, case,
 * đ/d do not matter) and without the type word or its abbreviation ("Xã",
 * "X.", "Phường", "P.", "Tỉnh", "TP.", ...): "hoa binh" finds "Phường Hoà Bình"
 * and "Xã Hòa Bình". Every word of @name must start the same word of the
 * unit's name, in order (so it works while typing). Communes of
 * @province_code only, or of every province when 0; provinces when @kind is
 * MC_UNIT_PROVINCE. Best first (whole name equal before prefix). Transfer
 * container. */
GPtrArray    *mc_units_find              (McUnits     *self,
                                          McUnitKind   kind,
                                          const char  *name,
                                          guint        province_code);
/* Maps an address naming pre-2025 units, as printed on a CCCD ("Thôn 3, Xã Tân
 * Lập, Huyện Đan Phượng, Thành phố Hà Nội"; names only, comma-separated, the
 * province last; abbreviations such as "TP.", "Q.", "H.", "TX.", "P.", "X.",
 * "TT." accepted) to the 2025 commune(s) it now belongs to: one, or several
 * when the old commune was split (the citizen then picks). An address already
 * in 2025 units ("Xã Ô Diên, Thành phố Hà Nội") maps to that commune.
 * MC_UNITS_ERROR_NOT_FOUND when the units cannot be placed. Transfer
 * container: array of const McUnit* (communes). */
GPtrArray    *mc_units_map_address       (McUnits     *self,
                                          const char  *address,
                                          GError     **error);
/* The comparison key of a unit name: folded, the type word dropped, numbers
 * without leading zeros: "TP. Hồ Chí Minh" -> "ho chi minh", "Phường 05" -> "5".
 * Newly allocated. */
char         *mc_units_name_key          (const char  *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McUnits, mc_units_free)

G_END_DECLS

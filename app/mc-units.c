/* mc-units.c: administrative units (2025) and the pre-2025 -> 2025 map.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "mc-units"

#include "mc-units.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "mc-text.h"

#define UNITS_FILE "units.tsv"

G_DEFINE_QUARK (mc-units-error-quark, mc_units_error)

typedef struct {
  McUnit unit;
  char *key;          /* owned: mc_units_name_key (name) */
} Unit;

typedef struct {
  char *key;          /* owned */
  GArray *codes;      /* owned, of guint: the 2025 communes */
} OldWard;

typedef struct {
  char *key;          /* owned */
  GPtrArray *wards;   /* owned, of OldWard* */
} OldDistrict;

typedef struct {
  char *key;          /* owned */
  GPtrArray *districts;  /* owned, of OldDistrict* */
} OldProvince;

struct _McUnits
{
  GStringChunk *strings;   /* owned: names and types */
  GPtrArray *provinces;    /* owned, of Unit*, by code */
  GPtrArray *communes;     /* owned, of Unit*, by code */
  GHashTable *province_by_code;  /* guint -> Unit* (borrowed) */
  GHashTable *commune_by_code;   /* guint -> Unit* (borrowed) */
  GPtrArray *old_provinces;      /* owned, of OldProvince* */
};

static void
unit_free (Unit *unit)
{
  g_free (unit->key);
  g_free (unit);
}

static void
old_ward_free (OldWard *ward)
{
  g_free (ward->key);
  g_array_unref (ward->codes);
  g_free (ward);
}

static void
old_district_free (OldDistrict *district)
{
  g_free (district->key);
  g_ptr_array_unref (district->wards);
  g_free (district);
}

static void
old_province_free (OldProvince *province)
{
  g_free (province->key);
  g_ptr_array_unref (province->districts);
  g_free (province);
}

void
mc_units_free (McUnits *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->old_provinces, g_ptr_array_unref);
  g_clear_pointer (&self->province_by_code, g_hash_table_unref);
  g_clear_pointer (&self->commune_by_code, g_hash_table_unref);
  g_clear_pointer (&self->provinces, g_ptr_array_unref);
  g_clear_pointer (&self->communes, g_ptr_array_unref);
  g_clear_pointer (&self->strings, g_string_chunk_free);
  g_free (self);
}

/* ---- name keys ----------------------------------------------------------------- */

/* Type words and their abbreviations, longest first, folded. */
static const char * const type_prefixes[] = {
  "thanh pho ", "thi tran ", "thi xa ", "dac khu ", "tinh ", "quan ", "huyen ",
  "phuong ", "xa ", "tp ", "tt ", "tx ", "q ", "h ", "p ", "x ",
};

/* Common short forms of province names, folded. */
static const struct { const char *alias; const char *key; } aliases[] = {
  { "hcm", "ho chi minh" },
  { "tphcm", "ho chi minh" },
  { "sai gon", "ho chi minh" },
  { "hn", "ha noi" },
  { "brvt", "ba ria vung tau" },
};

char *
mc_units_name_key (const char *name)
{
  g_autofree char *folded = NULL;
  const char *rest;
  GString *out;

  g_return_val_if_fail (name != NULL, NULL);

  folded = mc_text_fold (name);
  rest = folded;
  for (guint i = 0; i < G_N_ELEMENTS (type_prefixes); i++)
    if (g_str_has_prefix (rest, type_prefixes[i]))
      {
        rest += strlen (type_prefixes[i]);
        break;
      }
  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    if (strcmp (rest, aliases[i].alias) == 0)
      return g_strdup (aliases[i].key);

  /* "05" -> "5": numbered wards are written both ways. */
  out = g_string_sized_new (strlen (rest));
  for (const char *p = rest; *p != '\0'; p++)
    {
      gboolean word_start = p == rest || p[-1] == ' ';

      if (word_start)
        while (p[0] == '0' && g_ascii_isdigit (p[1]))
          p++;
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* ---- loading ---------------------------------------------------------------------- */

static gboolean
parse_error (GError     **error,
             const char  *path,
             guint        line)
{
  g_set_error (error, MC_UNITS_ERROR, MC_UNITS_ERROR_PARSE,
               /* Translators: %s is a file path, %u a line number. */
               _("The list of administrative units “%s” is damaged (line %u)."),
               path, line);
  return FALSE;
}

static gboolean
parse_code (const char *text,
            guint      *out)
{
  char *end;
  guint64 value = g_ascii_strtoull (text, &end, 10);

  if (end == text || *end != '\0' || value == 0 || value > G_MAXUINT)
    return FALSE;
  *out = (guint) value;
  return TRUE;
}

static Unit *
add_unit (McUnits    *self,
          McUnitKind  kind,
          guint       code,
          guint       province_code,
          const char *name,
          const char *type)
{
  Unit *unit = g_new0 (Unit, 1);

  unit->unit.kind = kind;
  unit->unit.code = code;
  unit->unit.province_code = province_code;
  unit->unit.name = g_string_chunk_insert_const (self->strings, name);
  unit->unit.type = g_string_chunk_insert_const (self->strings, type);
  unit->key = mc_units_name_key (name);
  if (kind == MC_UNIT_PROVINCE)
    {
      g_ptr_array_add (self->provinces, unit);
      g_hash_table_insert (self->province_by_code, GUINT_TO_POINTER (code), unit);
    }
  else
    {
      g_ptr_array_add (self->communes, unit);
      g_hash_table_insert (self->commune_by_code, GUINT_TO_POINTER (code), unit);
    }
  return unit;
}

McUnits *
mc_units_new_from_file (const char  *path,
                        GError     **error)
{
  g_autoptr(McUnits) self = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  OldProvince *old_province = NULL;
  OldDistrict *old_district = NULL;
  char *line;
  char *next;
  guint lineno = 0;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &contents, NULL, &local_error))
    {
      g_set_error (error, MC_UNITS_ERROR, MC_UNITS_ERROR_PARSE,
                   /* Translators: %s is a file path, then the reason. */
                   _("Could not read the list of administrative units “%s”: %s"),
                   path, local_error->message);
      return NULL;
    }

  self = g_new0 (McUnits, 1);
  self->strings = g_string_chunk_new (64 * 1024);
  self->provinces = g_ptr_array_new_with_free_func ((GDestroyNotify) unit_free);
  self->communes = g_ptr_array_new_with_free_func ((GDestroyNotify) unit_free);
  self->province_by_code = g_hash_table_new (NULL, NULL);
  self->commune_by_code = g_hash_table_new (NULL, NULL);
  self->old_provinces = g_ptr_array_new_with_free_func ((GDestroyNotify) old_province_free);

  for (line = contents; line != NULL && *line != '\0'; line = next)
    {
      char *fields[6] = { NULL, };
      guint n = 0;
      guint code, province_code;

      lineno++;
      next = strchr (line, '\n');
      if (next != NULL)
        *next++ = '\0';
      if (*line == '#' || *line == '\0')
        continue;
      fields[n++] = line;
      for (char *p = line; *p != '\0' && n < G_N_ELEMENTS (fields); p++)
        if (*p == '\t')
          {
            *p = '\0';
            fields[n++] = p + 1;
          }

      if (strcmp (fields[0], "P") == 0 && n == 4 && parse_code (fields[1], &code))
        add_unit (self, MC_UNIT_PROVINCE, code, code, fields[2], fields[3]);
      else if (strcmp (fields[0], "C") == 0 && n == 5 && parse_code (fields[1], &code)
               && parse_code (fields[2], &province_code)
               && g_hash_table_contains (self->province_by_code, GUINT_TO_POINTER (province_code)))
        add_unit (self, MC_UNIT_COMMUNE, code, province_code, fields[3], fields[4]);
      else if (strcmp (fields[0], "OP") == 0 && n == 2)
        {
          old_province = g_new0 (OldProvince, 1);
          old_province->key = mc_units_name_key (fields[1]);
          old_province->districts = g_ptr_array_new_with_free_func ((GDestroyNotify) old_district_free);
          g_ptr_array_add (self->old_provinces, old_province);
          old_district = NULL;
        }
      else if (strcmp (fields[0], "OD") == 0 && n == 2 && old_province != NULL)
        {
          old_district = g_new0 (OldDistrict, 1);
          old_district->key = mc_units_name_key (fields[1]);
          old_district->wards = g_ptr_array_new_with_free_func ((GDestroyNotify) old_ward_free);
          g_ptr_array_add (old_province->districts, old_district);
        }
      else if (strcmp (fields[0], "OW") == 0 && n == 3 && old_district != NULL)
        {
          g_auto(GStrv) codes = g_strsplit (fields[2], ",", -1);
          OldWard *ward = g_new0 (OldWard, 1);

          ward->key = mc_units_name_key (fields[1]);
          ward->codes = g_array_new (FALSE, FALSE, sizeof (guint));
          g_ptr_array_add (old_district->wards, ward);
          for (guint i = 0; codes[i] != NULL; i++)
            {
              if (!parse_code (codes[i], &code)
                  || !g_hash_table_contains (self->commune_by_code, GUINT_TO_POINTER (code)))
                {
                  parse_error (error, path, lineno);
                  return NULL;
                }
              g_array_append_val (ward->codes, code);
            }
        }
      else
        {
          parse_error (error, path, lineno);
          return NULL;
        }
    }

  if (self->provinces->len == 0 || self->communes->len == 0)
    {
      parse_error (error, path, lineno);
      return NULL;
    }
  g_debug ("Loaded %u provinces, %u communes, %u old provinces from %s",
           self->provinces->len, self->communes->len, self->old_provinces->len, path);
  return g_steal_pointer (&self);
}

McUnits *
mc_units_new_default (GError **error)
{
  const char *dirs[] = { g_getenv ("MOTCUA_DATA_DIR"), SRCDATADIR, PKGDATADIR };

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = NULL;

      if (dirs[i] == NULL || *dirs[i] == '\0')
        continue;
      path = g_build_filename (dirs[i], UNITS_FILE, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return mc_units_new_from_file (path, error);
    }
  g_set_error (error, MC_UNITS_ERROR, MC_UNITS_ERROR_PARSE,
               /* Translators: %s is a directory. */
               _("The list of administrative units was not found; it should be in “%s”."),
               PKGDATADIR);
  return NULL;
}

/* ---- queries ------------------------------------------------------------------------ */

GPtrArray *
mc_units_get_provinces (McUnits *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  /* Unit starts with its McUnit, so the array reads as const McUnit*. */
  return self->provinces;
}

static int
compare_by_key (gconstpointer a,
                gconstpointer b)
{
  const Unit *ua = *(Unit **) a;
  const Unit *ub = *(Unit **) b;
  int c = strcmp (ua->key, ub->key);

  return c != 0 ? c : (ua->unit.code < ub->unit.code ? -1 : 1);
}

GPtrArray *
mc_units_get_communes (McUnits *self,
                       guint    province_code)
{
  GPtrArray *out;

  g_return_val_if_fail (self != NULL, NULL);

  if (!g_hash_table_contains (self->province_by_code, GUINT_TO_POINTER (province_code)))
    return NULL;
  out = g_ptr_array_new ();
  for (guint i = 0; i < self->communes->len; i++)
    {
      Unit *unit = g_ptr_array_index (self->communes, i);

      if (unit->unit.province_code == province_code)
        g_ptr_array_add (out, unit);
    }
  g_ptr_array_sort (out, compare_by_key);
  return out;
}

const McUnit *
mc_units_lookup (McUnits    *self,
                 McUnitKind  kind,
                 guint       code)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_hash_table_lookup (kind == MC_UNIT_PROVINCE ? self->province_by_code : self->commune_by_code,
                              GUINT_TO_POINTER (code));
}

/* Every word of @query starts the same word of @key, in order from the first. */
static gboolean
words_prefix (const char *key,
              const char *query)
{
  const char *k = key;
  const char *q = query;

  while (*q != '\0')
    {
      while (*q != '\0' && *q != ' ')
        {
          if (*k != *q)
            return FALSE;
          k++, q++;
        }
      if (*q == ' ')
        {
          /* Skip the rest of the key's word. */
          while (*k != '\0' && *k != ' ')
            k++;
          if (*k == '\0')
            return FALSE;
          k++, q++;
        }
    }
  return TRUE;
}

GPtrArray *
mc_units_find (McUnits    *self,
               McUnitKind  kind,
               const char *name,
               guint       province_code)
{
  g_autofree char *key = NULL;
  g_autoptr(GPtrArray) prefix = g_ptr_array_new ();
  GPtrArray *units;
  GPtrArray *out;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  out = g_ptr_array_new ();
  key = mc_units_name_key (name);
  if (*key == '\0')
    return out;
  units = kind == MC_UNIT_PROVINCE ? self->provinces : self->communes;
  for (guint i = 0; i < units->len; i++)
    {
      Unit *unit = g_ptr_array_index (units, i);

      if (kind == MC_UNIT_COMMUNE && province_code != 0 && unit->unit.province_code != province_code)
        continue;
      if (strcmp (unit->key, key) == 0)
        g_ptr_array_add (out, unit);
      else if (words_prefix (unit->key, key))
        g_ptr_array_add (prefix, unit);
    }
  g_ptr_array_sort (prefix, compare_by_key);
  g_ptr_array_extend (out, prefix, NULL, NULL);
  return out;
}

static void
add_codes (McUnits   *self,
           GPtrArray *out,
           GArray    *codes)
{
  for (guint i = 0; i < codes->len; i++)
    {
      Unit *unit = g_hash_table_lookup (self->commune_by_code,
                                        GUINT_TO_POINTER (g_array_index (codes, guint, i)));

      if (unit != NULL && !g_ptr_array_find (out, unit, NULL))
        g_ptr_array_add (out, unit);
    }
}

static OldWard *
find_old_ward (OldDistrict *district,
               const char  *key)
{
  for (guint i = 0; i < district->wards->len; i++)
    {
      OldWard *ward = g_ptr_array_index (district->wards, i);

      if (strcmp (ward->key, key) == 0)
        return ward;
    }
  return NULL;
}

/* Old units: province, district, then a commune in any part before the district
 * (the parts before it are hamlet, street, house number). */
static gboolean
map_old (McUnits     *self,
         OldProvince *province,
         char       **keys,
         guint        n_keys,
         GPtrArray   *out)
{
  for (guint d = 0; d < province->districts->len && n_keys >= 2; d++)
    {
      OldDistrict *district = g_ptr_array_index (province->districts, d);

      if (strcmp (district->key, keys[n_keys - 2]) != 0)
        continue;
      for (guint i = n_keys - 2; i-- > 0;)
        {
          OldWard *ward = find_old_ward (district, keys[i]);

          if (ward != NULL)
            {
              add_codes (self, out, ward->codes);
              return TRUE;
            }
        }
      /* An island district without communes maps as a whole. */
      {
        OldWard *whole = find_old_ward (district, "");

        if (whole != NULL)
          add_codes (self, out, whole->codes);
      }
      return TRUE;
    }

  /* No district given: the commune anywhere in the old province. */
  for (guint d = 0; d < province->districts->len && n_keys >= 2; d++)
    {
      OldWard *ward = find_old_ward (g_ptr_array_index (province->districts, d), keys[n_keys - 2]);

      if (ward != NULL)
        add_codes (self, out, ward->codes);
    }
  return FALSE;
}

GPtrArray *
mc_units_map_address (McUnits     *self,
                      const char  *address,
                      GError     **error)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) out = g_ptr_array_new ();
  const char *province_key;
  gboolean old_district = FALSE;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (address != NULL, NULL);

  parts = g_strsplit_set (address, ",;\n", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *key = mc_units_name_key (parts[i]);

      if (*key != '\0')
        g_ptr_array_add (keys, key);
      else
        g_free (key);
    }
  g_ptr_array_add (keys, NULL);

  if (keys->len >= 2)
    {
      guint n = keys->len - 1;
      char **k = (char **) keys->pdata;

      province_key = k[n - 1];
      /* Pre-2025 units first: a CCCD's address names them. */
      for (guint p = 0; p < self->old_provinces->len && out->len == 0; p++)
        {
          OldProvince *province = g_ptr_array_index (self->old_provinces, p);

          if (strcmp (province->key, province_key) == 0)
            old_district |= map_old (self, province, k, n, out);
        }
      /* Else 2025 units: the commune in the parts before the province (not
       * when an old district was named: its commune is just unknown). */
      for (guint p = 0; p < self->provinces->len && out->len == 0 && !old_district; p++)
        {
          Unit *province = g_ptr_array_index (self->provinces, p);

          if (strcmp (province->key, province_key) != 0)
            continue;
          for (guint i = n - 1; i-- > 0 && out->len == 0;)
            for (guint c = 0; c < self->communes->len; c++)
              {
                Unit *commune = g_ptr_array_index (self->communes, c);

                if (commune->unit.province_code == province->unit.code
                    && strcmp (commune->key, k[i]) == 0)
                  g_ptr_array_add (out, commune);
              }
        }
    }

  if (out->len == 0)
    {
      g_set_error_literal (error, MC_UNITS_ERROR, MC_UNITS_ERROR_NOT_FOUND,
                           _("The commune of this address could not be found. "
                             "Please choose it from the list."));
      return NULL;
    }
  return g_steal_pointer (&out);
}

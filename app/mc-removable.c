/* mc-removable.c: listing the files on removable media.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"
#define G_LOG_DOMAIN "mc-removable"

#include "mc-removable.h"

typedef struct {
  const char * const *suffixes;
  guint               max_files;
  guint               max_depth;
  GPtrArray          *files;
} Listing;

static gboolean
wanted (const Listing *listing,
        const char    *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  for (guint i = 0; listing->suffixes[i] != NULL; i++)
    if (g_str_has_suffix (lower, listing->suffixes[i]))
      return TRUE;
  return FALSE;
}

static void
collect (Listing    *listing,
         const char *dir,
         guint       depth)
{
  g_autoptr(GDir) handle = NULL;
  const char *name;

  if (depth > listing->max_depth || listing->files->len >= listing->max_files
      || (handle = g_dir_open (dir, 0, NULL)) == NULL)
    return;
  while ((name = g_dir_read_name (handle)) != NULL && listing->files->len < listing->max_files)
    {
      g_autofree char *path = NULL;

      if (name[0] == '.')
        continue;
      path = g_build_filename (dir, name, NULL);
      /* A link could lead anywhere on the kiosk. */
      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        collect (listing, path, depth + 1);
      else if (wanted (listing, name) && g_file_test (path, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (listing->files, g_steal_pointer (&path));
    }
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

GPtrArray *
mc_removable_list_files (const char * const *suffixes,
                         guint               max_files,
                         guint               max_depth)
{
  Listing listing = { suffixes, max_files, max_depth, NULL };
  const char *dir = g_getenv ("MOTCUA_IMPORT_DIR");

  g_return_val_if_fail (suffixes != NULL, NULL);

  listing.files = g_ptr_array_new_with_free_func (g_free);
  if (dir != NULL && *dir != '\0')
    collect (&listing, dir, 0);
  collect (&listing, "/media", 0);
  collect (&listing, "/run/media", 0);
  g_ptr_array_sort (listing.files, compare_paths);
  return listing.files;
}

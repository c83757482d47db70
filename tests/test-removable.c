/* test-removable.c: the files listed from a "USB stick" (MOTCUA_IMPORT_DIR):
 * by suffix whatever the case, sorted, hidden files, links and folders too
 * deep passed over, at most the number asked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "mc-removable.h"

static char *stick;

static void
put (const char *relative)
{
  g_autofree char *path = g_build_filename (stick, relative, NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_no_errno (g_mkdir_with_parents (dir, 0700));
  g_file_set_contents (path, "x", 1, &error);
  g_assert_no_error (error);
}

/* The listed paths under the stick, relative to it (/media may hold others
 * on the machine that runs the test). */
static char *
listed (const char * const *suffixes,
        guint               max_files,
        guint               max_depth)
{
  g_autoptr(GPtrArray) files = mc_removable_list_files (suffixes, max_files, max_depth);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *prefix = g_strconcat (stick, G_DIR_SEPARATOR_S, NULL);

  for (guint i = 0; i < files->len; i++)
    if (g_str_has_prefix (files->pdata[i], prefix))
      g_string_append_printf (out, "%s%s", out->len > 0 ? " " : "",
                              (const char *) files->pdata[i] + strlen (prefix));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_list (void)
{
  static const char * const images[] = { ".jpg", ".jpeg", ".png", NULL };
  static const char * const all[] = { ".pdf", ".jpg", ".jpeg", ".png", NULL };
  g_autofree char *target = NULL, *link = NULL;
  g_autofree char *text = NULL;

  stick = g_dir_make_tmp ("test-removable-XXXXXX", NULL);
  g_assert_nonnull (stick);
  g_setenv ("MOTCUA_IMPORT_DIR", stick, TRUE);

  put ("b.JPG");
  put ("a.png");
  put ("giay-to.pdf");
  put ("notes.txt");
  put (".hidden.jpg");
  put (".trash/old.jpg");
  put ("anh/the.jpeg");
  put ("1/2/3/deep.jpg");       /* three folders down */
  put ("1/2/3/4/deeper.jpg");   /* four */
  target = g_build_filename (stick, "a.png", NULL);
  link = g_build_filename (stick, "link.png", NULL);
  g_assert_no_errno (symlink (target, link));

  text = listed (images, 100, 3);
  g_assert_cmpstr (text, ==, "1/2/3/deep.jpg a.png anh/the.jpeg b.JPG");
  g_clear_pointer (&text, g_free);
  text = listed (all, 100, 4);
  g_assert_cmpstr (text, ==, "1/2/3/4/deeper.jpg 1/2/3/deep.jpg a.png anh/the.jpeg b.JPG giay-to.pdf");
  g_clear_pointer (&text, g_free);
  text = listed (all, 100, 0);
  g_assert_cmpstr (text, ==, "a.png b.JPG giay-to.pdf");
  g_clear_pointer (&text, g_free);
  /* Two files at most (which two depends on the folder's order), sorted. */
  {
    g_autoptr(GPtrArray) files = mc_removable_list_files (all, 2, 4);

    g_assert_cmpuint (files->len, ==, 2);
    g_assert_cmpint (g_strcmp0 (files->pdata[0], files->pdata[1]), <, 0);
  }

  g_unsetenv ("MOTCUA_IMPORT_DIR");
  g_free (stick);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/motcua/removable/list", test_list);

  return g_test_run ();
}

/* test-speech.c: codes spelt out digit by digit, and the synthesizer run as a
 * subprocess (MOTCUA_TTS_COMMAND: a recorder script in place of espeak-ng),
 * stopped by a second tap.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "mc-speech.h"

static void
test_spell (void)
{
  struct { const char *in; const char *out; } cases[] = {
    { "1.001193", "1, 0 0 1 1 9 3" },
    { "SIM-261123-000042", "S I M, 2 6 1 1 2 3, 0 0 0 0 4 2" },
    { "Mã hồ sơ: SIM-261123-000042.", "Mã hồ sơ: S I M, 2 6 1 1 2 3, 0 0 0 0 4 2." },
    { "Số phiếu tạm demo-kiosk-261123-0001", "Số phiếu tạm D E M O, K I O S K, 2 6 1 1 2 3, 0 0 0 1" },
    { "Ngày 30/11/2026, 5 ngày làm việc", "Ngày 3 0, 1 1, 2 0 2 6, 5 ngày làm việc" },
    { "Xin chào", "Xin chào" },
    { "  đ1  ", "  Đ 1  " },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = mc_speech_spell_codes (cases[i].in);

      g_assert_cmpstr (got, ==, cases[i].out);
    }
}

static void
test_sentences (void)
{
  g_autoptr(GString) speech = g_string_new (NULL);

  mc_speech_append_sentence (speech, "Thủ tục theo lĩnh vực");
  mc_speech_append_sentence (speech, "Chọn một lĩnh vực.");
  mc_speech_append_sentence (speech, NULL);
  mc_speech_append_sentence (speech, "  ");
  mc_speech_append_sentence (speech, " Lệ phí: ");
  mc_speech_append_sentence (speech, "Đang in…");
  mc_speech_append_sentence (speech, "Xin chạm \"Tiếp tục\"");
  g_assert_cmpstr (speech->str, ==, "Thủ tục theo lĩnh vực. Chọn một lĩnh vực. Lệ phí: Đang in… "
                                    "Xin chạm \"Tiếp tục\".");
}

static gboolean
file_ready (const char *path)
{
  g_autofree char *contents = NULL;

  return g_file_get_contents (path, &contents, NULL, NULL) && g_str_has_suffix (contents, "\n");
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           guint      *count)
{
  (*count)++;
}

static void
test_speaker (void)
{
  g_autofree char *dir = g_dir_make_tmp ("speech-XXXXXX", NULL);
  g_autofree char *record = g_build_filename (dir, "spoken.txt", NULL);
  g_autofree char *quoted = g_shell_quote (record);
  g_autofree char *command = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(McSpeaker) speaker = mc_speaker_new ();
  g_autoptr(GError) error = NULL;
  guint notified = 0;

  /* The recorder: writes its last argument, then "speaks" until stopped. */
  command = g_strdup_printf ("sh -c 'printf \"%%s\\n\" \"$1\" > %s; exec sleep 60' recorder", quoted);
  g_setenv ("MOTCUA_TTS_COMMAND", command, TRUE);
  g_signal_connect (speaker, "notify::speaking", G_CALLBACK (notify_cb), &notified);

  g_assert_false (mc_speaker_get_speaking (speaker));
  g_assert_true (mc_speaker_toggle (speaker, "Mã thủ tục 1.001193", &error));
  g_assert_no_error (error);
  g_assert_true (mc_speaker_get_speaking (speaker));
  g_assert_cmpuint (notified, ==, 1);
  while (!file_ready (record))
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (g_file_get_contents (record, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "Mã thủ tục 1, 0 0 1 1 9 3\n");

  /* A second tap stops it. */
  g_assert_true (mc_speaker_toggle (speaker, "Mã thủ tục 1.001193", &error));
  g_assert_false (mc_speaker_get_speaking (speaker));
  g_assert_cmpuint (notified, ==, 2);

  /* A synthesizer that finishes by itself: "speaking" ends with it. */
  g_setenv ("MOTCUA_TTS_COMMAND", "true", TRUE);
  g_assert_true (mc_speaker_speak (speaker, "Xin chào", &error));
  g_assert_no_error (error);
  while (mc_speaker_get_speaking (speaker))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (notified, ==, 4);

  /* Not installed: an error, not speaking. */
  g_setenv ("MOTCUA_TTS_COMMAND", "/nonexistent/espeak-ng -v vi", TRUE);
  g_assert_false (mc_speaker_speak (speaker, "Xin chào", &error));
  g_assert_nonnull (error);
  g_assert_false (mc_speaker_get_speaking (speaker));

  g_unsetenv ("MOTCUA_TTS_COMMAND");
  g_unlink (record);
  g_rmdir (dir);
}

/* The voice follows the kiosk's language; the command learns it from its
 * environment. */
static void
test_voice (void)
{
  g_autofree char *dir = g_dir_make_tmp ("speech-XXXXXX", NULL);
  g_autofree char *record = g_build_filename (dir, "spoken.txt", NULL);
  g_autofree char *quoted = g_shell_quote (record);
  g_autofree char *command = NULL;
  g_autoptr(McSpeaker) speaker = mc_speaker_new ();
  g_autoptr(GError) error = NULL;
  const char *voices[] = { "vi", "en" };

  command = g_strdup_printf ("sh -c 'printf \"%%s|%%s\\n\" \"$MOTCUA_TTS_VOICE\" \"$1\" > %s' recorder",
                             quoted);
  g_setenv ("MOTCUA_TTS_COMMAND", command, TRUE);
  g_assert_cmpstr (mc_speaker_get_voice (speaker), ==, "vi");

  for (guint i = 0; i < G_N_ELEMENTS (voices); i++)
    {
      g_autofree char *contents = NULL;
      g_autofree char *expected = g_strdup_printf ("%s|Code 1, 0 0 1 1 9 3\n", voices[i]);

      g_unlink (record);
      mc_speaker_set_voice (speaker, voices[i]);
      g_assert_cmpstr (mc_speaker_get_voice (speaker), ==, voices[i]);
      g_assert_true (mc_speaker_speak (speaker, "Code 1.001193", &error));
      g_assert_no_error (error);
      while (mc_speaker_get_speaking (speaker))
        g_main_context_iteration (NULL, TRUE);
      g_assert_true (g_file_get_contents (record, &contents, NULL, NULL));
      g_assert_cmpstr (contents, ==, expected);
    }

  g_unsetenv ("MOTCUA_TTS_COMMAND");
  g_unlink (record);
  g_rmdir (dir);
}

/* The real espeak-ng with its Vietnamese voice, into a WAV file: it is
 * installed (.ci/install-deps) and the voice exists. */
static void
test_espeak_vi (void)
{
  g_autofree char *espeak = g_find_program_in_path ("espeak-ng");
  g_autofree char *dir = g_dir_make_tmp ("speech-XXXXXX", NULL);
  g_autofree char *wav = g_build_filename (dir, "out.wav", NULL);
  g_autofree char *command = NULL;
  g_autoptr(McSpeaker) speaker = mc_speaker_new ();
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  if (espeak == NULL)
    {
      g_test_skip ("espeak-ng is not installed (.ci/install-deps installs it)");
      return;
    }

  command = g_strdup_printf ("espeak-ng -v vi -w %s", wav);
  g_setenv ("MOTCUA_TTS_COMMAND", command, TRUE);
  g_assert_true (mc_speaker_speak (speaker, "Số phiếu tạm SIM-261123-000042", &error));
  g_assert_no_error (error);
  while (mc_speaker_get_speaking (speaker))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (g_stat (wav, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 10000);

  g_unsetenv ("MOTCUA_TTS_COMMAND");
  g_unlink (wav);
  g_rmdir (dir);
}

/* The English voice exists too, and reaches espeak-ng through the voice the
 * speaker hands its command. */
static void
test_espeak_en (void)
{
  g_autofree char *espeak = g_find_program_in_path ("espeak-ng");
  g_autofree char *dir = g_dir_make_tmp ("speech-XXXXXX", NULL);
  g_autofree char *wav = g_build_filename (dir, "out.wav", NULL);
  g_autofree char *quoted = g_shell_quote (wav);
  g_autofree char *command = NULL;
  g_autoptr(McSpeaker) speaker = mc_speaker_new ();
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  if (espeak == NULL)
    {
      g_test_skip ("espeak-ng is not installed (.ci/install-deps installs it)");
      return;
    }

  command = g_strdup_printf ("sh -c 'exec espeak-ng -v \"$MOTCUA_TTS_VOICE\" -w %s \"$1\"' tts",
                             quoted);
  g_setenv ("MOTCUA_TTS_COMMAND", command, TRUE);
  mc_speaker_set_voice (speaker, "en");
  g_assert_true (mc_speaker_speak (speaker, "Provisional number SIM-261123-000042", &error));
  g_assert_no_error (error);
  while (mc_speaker_get_speaking (speaker))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (g_stat (wav, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 10000);

  g_unsetenv ("MOTCUA_TTS_COMMAND");
  g_unlink (wav);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/motcua/speech/spell-codes", test_spell);
  g_test_add_func ("/motcua/speech/sentences", test_sentences);
  g_test_add_func ("/motcua/speech/voice", test_voice);
  g_test_add_func ("/motcua/speech/speaker", test_speaker);
  g_test_add_func ("/motcua/speech/espeak-vi", test_espeak_vi);
  g_test_add_func ("/motcua/speech/espeak-en", test_espeak_en);

  return g_test_run ();
}

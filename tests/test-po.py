#!/usr/bin/python3
# test-po.py: the translations are complete. Extracts the messages from the
# sources exactly as meson's i18n.gettext(preset: 'glib') does (xgettext over
# po/POTFILES.in) and fails on:
#  - a source file that marks strings for translation but is not listed in
#    po/POTFILES.in (its strings would silently stay English);
#  - a language of po/LINGUAS without its .po, or vi/en missing from LINGUAS;
#  - a message of the sources missing from a .po, untranslated, or fuzzy;
#  - printf formats that differ between msgid and msgstr (msgfmt --check);
#  - a wrong Plural-Forms header (vi: nplurals=1, en: nplurals=2).
# A new English string therefore needs its Vietnamese in po/vi.po and its
# English in po/en.po: `/usr/bin/python3 tests/test-po.py --update-en`
# adds every new message to po/en.po with msgstr = msgid (msgen), keeping the
# English already there; then look at what it added.
#
# TAP on stdout; gettext's own messages on stderr.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import subprocess
import sys
import tempfile

SRCDIR = os.environ.get("G_TEST_SRCDIR", os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.abspath(os.path.join(SRCDIR, os.pardir))
PO = os.path.join(ROOT, "po")

# meson's "glib" preset (mesonbuild/modules/i18n.py).
XGETTEXT_ARGS = [
    "--from-code=UTF-8", "--add-comments",
    "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2", "--keyword=NC_:1c,2",
    "--keyword=g_dcgettext:2", "--keyword=g_dngettext:2,3", "--keyword=g_dpgettext2:2c,3",
    "--flag=N_:1:pass-c-format", "--flag=C_:2:pass-c-format", "--flag=NC_:2:pass-c-format",
    "--flag=g_dngettext:2:pass-c-format", "--flag=g_strdup_printf:1:c-format",
    "--flag=g_string_printf:2:c-format", "--flag=g_string_append_printf:2:c-format",
    "--flag=g_error_new:3:c-format", "--flag=g_set_error:4:c-format",
    "--flag=g_markup_printf_escaped:1:c-format", "--flag=g_log:3:c-format",
    "--flag=g_print:1:c-format", "--flag=g_printerr:1:c-format",
    "--flag=g_printf:1:c-format", "--flag=g_fprintf:2:c-format",
    "--flag=g_sprintf:2:c-format", "--flag=g_snprintf:3:c-format",
]

PLURAL_FORMS = {
    "vi": "nplurals=1; plural=0;",
    "en": "nplurals=2; plural=(n != 1);",
}

# What marks a string for translation, per kind of file.
MARKS = {
    ".c": re.compile(r"(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|ngettext|g_dngettext)\s*\("),
    ".ui": re.compile(r'translatable="yes"'),
    ".in": re.compile(r"<_?name>|<_?summary>|<_?p>|^Name=|^Comment=", re.M),
}

results = []


def check(name, ok, detail=""):
    results.append((name, ok))
    if not ok and detail:
        for line in detail.rstrip().splitlines():
            print("# " + line, file=sys.stderr)


def run(argv, **kwargs):
    return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, **kwargs)


def potfiles():
    with open(os.path.join(PO, "POTFILES.in"), encoding="utf-8") as f:
        return [line.strip() for line in f
                if line.strip() and not line.lstrip().startswith("#")]


def sources_with_marks():
    found = []
    for top in ("app", "ui", "data"):
        for dirpath, dirnames, filenames in os.walk(os.path.join(ROOT, top)):
            for name in sorted(filenames):
                ext = os.path.splitext(name)[1]
                pattern = MARKS.get(ext)
                if pattern is None:
                    continue
                path = os.path.join(dirpath, name)
                with open(path, encoding="utf-8", errors="replace") as f:
                    text = f.read()
                if ext == ".c":
                    # Comments and #include lines do not count.
                    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
                    text = re.sub(r"^\s*#.*$", "", text, flags=re.M)
                if pattern.search(text):
                    found.append(os.path.relpath(path, ROOT))
    return found


def header_field(po_path, field):
    with open(po_path, encoding="utf-8") as f:
        head = f.read(4096)
    m = re.search(r'"' + re.escape(field) + r':\s*([^"\\]*)', head)
    return m.group(1).strip() if m else None


def main():
    listed = potfiles()

    missing_files = [p for p in listed if not os.path.exists(os.path.join(ROOT, p))]
    check("every file in POTFILES.in exists", not missing_files,
          "not found: " + ", ".join(missing_files))

    unlisted = [p for p in sources_with_marks() if p not in listed]
    check("every source with translatable strings is in POTFILES.in", not unlisted,
          "add to po/POTFILES.in:\n" + "\n".join(unlisted))

    with open(os.path.join(PO, "LINGUAS"), encoding="utf-8") as f:
        linguas = [w for line in f for w in line.split("#")[0].split()]
    check("po/LINGUAS lists vi and en", "vi" in linguas and "en" in linguas,
          "LINGUAS: " + " ".join(linguas))

    with tempfile.TemporaryDirectory(prefix="test-po-") as tmp:
        pot = os.path.join(tmp, "messages.pot")
        existing = [p for p in listed if os.path.exists(os.path.join(ROOT, p))]
        r = run(["xgettext", *XGETTEXT_ARGS, "--package-name=motcua-kiosk",
                 "-o", pot, *existing], cwd=ROOT)
        check("xgettext extracts the messages", r.returncode == 0 and os.path.exists(pot),
              r.stderr)
        if not os.path.exists(pot):
            return

        for lang in linguas:
            po = os.path.join(PO, lang + ".po")
            if not os.path.exists(po):
                check(f"{lang}: po/{lang}.po exists", False, f"po/{lang}.po is missing")
                continue

            want = PLURAL_FORMS.get(lang)
            have = header_field(po, "Plural-Forms")
            if want is not None:
                check(f"{lang}: Plural-Forms is {want}",
                      have is not None and have.replace(" ", "") == want.replace(" ", ""),
                      f"po/{lang}.po has Plural-Forms: {have}")

            # The .po as the sources need it: no fuzzy matching, so a message
            # the .po lacks comes out untranslated.
            merged = os.path.join(tmp, lang + ".po")
            r = run(["msgmerge", "--quiet", "--no-fuzzy-matching", "--no-wrap",
                     "-o", merged, po, pot])
            check(f"{lang}: msgmerge", r.returncode == 0, r.stderr)
            if r.returncode != 0:
                continue

            r = run(["msgattrib", "--untranslated", "--no-obsolete", "--no-wrap", merged])
            untranslated = re.findall(r'^msgid "(.+)"$', r.stdout, re.M)
            check(f"{lang}: every message is translated", r.returncode == 0 and not untranslated,
                  f"missing or untranslated in po/{lang}.po:\n" + "\n".join(untranslated))

            r = run(["msgattrib", "--only-fuzzy", "--no-obsolete", "--no-wrap", merged])
            fuzzy = re.findall(r'^msgid "(.+)"$', r.stdout, re.M)
            check(f"{lang}: no fuzzy message", r.returncode == 0 and not fuzzy,
                  f"fuzzy in po/{lang}.po:\n" + "\n".join(fuzzy))

            # With the sources' c-format flags, the formats must agree.
            r = run(["msgfmt", "--check", "-o", os.devnull, merged])
            check(f"{lang}: msgfmt --check (formats, plurals, header)", r.returncode == 0,
                  r.stderr)
            r = run(["msgfmt", "--check", "-o", os.devnull, po])
            check(f"{lang}: po/{lang}.po itself passes msgfmt --check", r.returncode == 0,
                  r.stderr)


def update_en():
    """po/en.po brought up to the sources: new messages get their msgid as the
    English (msgen), messages no source has any more go."""
    en = os.path.join(PO, "en.po")
    with tempfile.TemporaryDirectory(prefix="test-po-") as tmp:
        pot = os.path.join(tmp, "messages.pot")
        merged = os.path.join(tmp, "en.po")
        subprocess.run(["xgettext", *XGETTEXT_ARGS, "--package-name=motcua-kiosk",
                        "-o", pot, *potfiles()], cwd=ROOT, check=True)
        subprocess.run(["msgmerge", "--quiet", "--no-fuzzy-matching", "--no-location",
                        "-o", merged, en, pot], check=True)
        filled = subprocess.run(["msgen", merged], stdout=subprocess.PIPE, check=True).stdout
        with open(merged, "wb") as f:
            f.write(filled)
        subprocess.run(["msgattrib", "--no-obsolete", "--no-location", "-o", merged, merged],
                       check=True)
        with open(merged, encoding="utf-8") as f:
            text = f.read()
    # No date in the header: the file changes only when the messages do.
    text = re.sub(r'^"(POT-Creation-Date|Report-Msgid-Bugs-To):.*\n', "", text, flags=re.M)
    with open(en, "w", encoding="utf-8") as f:
        f.write(text)
    print("po/en.po updated", file=sys.stderr)


if sys.argv[1:] == ["--update-en"]:
    update_en()
    sys.exit(0)

main()
print(f"1..{len(results)}")
for i, (name, ok) in enumerate(results, 1):
    print(f"{'ok' if ok else 'not ok'} {i} - {name}")
sys.exit(0 if all(ok for _, ok in results) else 1)

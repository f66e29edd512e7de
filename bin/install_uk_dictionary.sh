#!/usr/bin/env bash
# Installs Debian's hunspell-uk dictionary into every local PostgreSQL's tsearch_data folder as
# uk_ua.affix / uk_ua.dict, so `ensureSearchConfig` can build the `vikno_uk_ispell` dictionary.
# Idempotent; run as root (CI calls it). Without a local PostgreSQL it installs nothing and
# exits 0: search then falls back to the `simple` configuration.
#
# Why the files are rewritten rather than copied:
# - PostgreSQL reads dictionary files as UTF-8; the .aff declares its own encoding (`SET ...`).
# - PostgreSQL's parser splits words at ' (під'їзд → під, їзд) but keeps ʼ (U+02BC) inside a
#   word. Vikno normalises ' ’ ` to ʼ in indexed text and queries, so the dictionary's words
#   must be spelled with ʼ too. In the .aff and .dic the same characters also serve as affix
#   flag names, so only word text is touched: the part before `/` in the .dic, and the
#   strip / add / condition fields of SFX and PFX rules in the .aff.
set -euo pipefail

# Overridable for testing the conversion on other files.
src_aff=${UK_AFF:-/usr/share/hunspell/uk_UA.aff}
src_dic=${UK_DIC:-/usr/share/hunspell/uk_UA.dic}

if [ ! -f "$src_aff" ] || [ ! -f "$src_dic" ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y hunspell-uk >/dev/null \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y hunspell-uk >/dev/null; }
fi

shopt -s nullglob
if [ -n "${TSEARCH_DIRS:-}" ]; then read -r -a targets <<<"$TSEARCH_DIRS"; else targets=(/usr/share/postgresql/*/tsearch_data); fi
if [ ${#targets[@]} -eq 0 ]; then
  echo "install_uk_dictionary: no /usr/share/postgresql/*/tsearch_data; nothing to do"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

encoding=$(sed -n 's/^SET[[:space:]]\+\([^[:space:]]\+\).*/\1/p' "$src_aff" | head -n1 | tr -d '\r')
encoding=${encoding:-UTF-8}
if [ "$(echo "$encoding" | tr '[:lower:]' '[:upper:]' | tr -d '-')" = "UTF8" ]; then
  cp "$src_aff" "$work/aff.utf8"
  cp "$src_dic" "$work/dic.utf8"
else
  iconv -f "$encoding" -t UTF-8 "$src_aff" | sed 's/^SET[[:space:]].*/SET UTF-8/' >"$work/aff.utf8"
  iconv -f "$encoding" -t UTF-8 "$src_dic" >"$work/dic.utf8"
fi

# .dic: word[/flags] per line (the first line is the word count).
perl -CSD -Mutf8 -pe 's{^([^/\r\n]*)}{ (my $w = $1) =~ tr/\x27\x{2019}\x60/\x{02BC}\x{02BC}\x{02BC}/; $w }e' \
  "$work/dic.utf8" >"$work/uk_ua.dict"
# .aff: rule lines are `SFX|PFX flag strip add condition [morph...]`; header lines have 4 fields.
perl -CSD -Mutf8 -ne '
  if (/^(SFX|PFX)\s/) {
    my @f = split /(\s+)/, $_;        # keep the separators so the line is rebuilt as it was
    my @words = grep { $_ !~ /^\s+$/ } @f;
    if (@words >= 5 && $words[2] !~ /^[YN]$/) {
      my $n = 0;
      for my $part (@f) {
        next if $part =~ /^\s+$/ || $part eq "";
        $n++;
        $part =~ tr/\x27\x{2019}\x60/\x{02BC}\x{02BC}\x{02BC}/ if $n >= 3 && $n <= 5;
      }
      $_ = join "", @f;
    }
  }
  print;
' "$work/aff.utf8" >"$work/uk_ua.affix"

for dir in "${targets[@]}"; do
  for name in uk_ua.affix uk_ua.dict; do
    if ! cmp -s "$work/$name" "$dir/$name"; then
      install -m 0644 "$work/$name" "$dir/$name"
      echo "install_uk_dictionary: wrote $dir/$name"
    fi
  done
done
echo "install_uk_dictionary: done (${#targets[@]} PostgreSQL version(s), source encoding $encoding)"

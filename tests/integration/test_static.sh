#!/usr/bin/env bash
# test_static.sh - the web UI's static files on a slow link (src/http/static.h):
# precompressed .br/.gz variants chosen by Accept-Encoding (with Vary), stale
# variants ignored, ETag and 304, versioned paths /v/<version>/ with immutable
# caching, HTML pages stamped with the current version, keep-alive, and
# scripts/precompress-web itself.
. "$(dirname "$0")/lib.sh"
export PILAR_DB="$T/p.db" PILAR_PWHASH=fast
check_detail() { echo " (status ${STATUS:-none}, headers: $(tr -d '\r' <"$T/hdr" | tr '\n' '|' | head -c 400))"; }
hdr() { tr -d '\r' <"$T/hdr" | awk -v k="$(echo "$1" | tr 'A-Z' 'a-z')" -F': ' 'tolower($1)==k {print $2}' | tail -1; }
st() { [ "$STATUS" = "$1" ]; }

$PILAR init >/dev/null || exit 1

# A small web folder: a page naming its assets under /v/dev/, a module importing another.
W="$T/web"
mkdir -p "$W/js" "$W/css" "$W/data"
cat >"$W/index.html" <<'HTML'
<!doctype html><title>Pilar</title>
<link rel="stylesheet" href="/v/dev/css/app.css">
<script type="module" src="/v/dev/js/app.js"></script>
HTML
{ echo "import { x } from './lib.js';"; for i in $(seq 1 200); do echo "console.log('baris $i', x);"; done; } >"$W/js/app.js"
echo "export const x = 1;" >"$W/js/lib.js"
for i in $(seq 1 100); do echo ".c$i { color: #123456; margin: ${i}px; }"; done >"$W/css/app.css"
python3 -c "import json; print(json.dumps({'type':'FeatureCollection','features':[{'type':'Feature','properties':{'n':i},'geometry':{'type':'Point','coordinates':[116+i/100,0.5]}} for i in range(300)]}))" >"$W/data/p.geojson"
printf '\x89PNG\r\n\x1a\n' >"$W/logo.png"
head -c 4000 /dev/urandom >>"$W/logo.png"

# ------------------------------------------------------ precompress-web
out=$("$SRC/scripts/precompress-web" "$W")
check "precompress-web writes gzip variants" test -s "$W/js/app.js.gz" -a -s "$W/css/app.css.gz" -a -s "$W/data/p.geojson.gz"
check "gzip variant decompresses to the file" cmp <(gzip -dc "$W/js/app.js.gz") "$W/js/app.js"
if command -v brotli >/dev/null; then
  check "brotli variant decompresses to the file" cmp <(brotli -dc "$W/js/app.js.br") "$W/js/app.js"
fi
check "tiny files get no variant" test ! -e "$W/js/lib.js.gz"
check "images get no variant" test ! -e "$W/logo.png.gz"
check "precompress-web says what it wrote" grep -q "variants written" <<<"$out"
out=$("$SRC/scripts/precompress-web" "$W")
is "a second run has nothing to do" "$out" ""
touch "$W/gone.txt.gz"
"$SRC/scripts/precompress-web" "$W" >/dev/null
check "variants of removed files are removed" test ! -e "$W/gone.txt.gz"

start_server --web "$W" --data-dir "$T/data"

# ------------------------------------------------------ compression
req GET "$B/v/dev/js/app.js" -H 'Accept-Encoding: gzip, deflate, br'
check "br preferred when accepted" st 200
if command -v brotli >/dev/null; then
  is "Content-Encoding br" "$(hdr Content-Encoding)" "br"
  check "br body is the file" cmp <(brotli -dc "$T/body") "$W/js/app.js"
fi
is "Vary on a compressible file" "$(hdr Vary)" "Accept-Encoding"
req GET "$B/v/dev/js/app.js" -H 'Accept-Encoding: gzip'
is "gzip when only gzip is accepted" "$(hdr Content-Encoding)" "gzip"
check "gzip body is the file" cmp <(gzip -dc "$T/body") "$W/js/app.js"
is "Content-Length is the compressed size" "$(hdr Content-Length)" "$(stat -c %s "$W/js/app.js.gz")"
req GET "$B/v/dev/js/app.js" -H 'Accept-Encoding: br;q=0, gzip;q=0.5'
is "br;q=0 is refused" "$(hdr Content-Encoding)" "gzip"
req GET "$B/v/dev/js/app.js" -H 'Accept-Encoding: identity'
is "identity: no encoding" "$(hdr Content-Encoding)" ""
check "identity body is the file" cmp "$T/body" "$W/js/app.js"
is "identity still says Vary" "$(hdr Vary)" "Accept-Encoding"
req GET "$B/v/dev/js/app.js"
is "no Accept-Encoding: no encoding" "$(hdr Content-Encoding)" ""
req GET "$B/v/dev/js/app.js" -H 'Accept-Encoding: *'
check "* accepts a variant" test -n "$(hdr Content-Encoding)"
req GET "$B/v/dev/logo.png" -H 'Accept-Encoding: gzip, br'
is "images are sent as they are" "$(hdr Content-Encoding)" ""
is "no Vary on images" "$(hdr Vary)" ""
is "png type" "$(hdr Content-Type)" "image/png"
req GET "$B/v/dev/data/p.geojson" -H 'Accept-Encoding: gzip'
is "geojson compressed" "$(hdr Content-Encoding)" "gzip"
is "geojson type" "$(hdr Content-Type)" "application/geo+json"

# A file edited after the build: its older variants are not used.
sleep 1.1
echo "console.log('diubah');" >>"$W/js/app.js"
req GET "$B/v/dev/js/app.js" -H 'Accept-Encoding: gzip, br'
is "stale variant ignored" "$(hdr Content-Encoding)" ""
check "the edited file is sent" cmp "$T/body" "$W/js/app.js"
"$SRC/scripts/precompress-web" "$W" >/dev/null
req GET "$B/v/dev/js/app.js" -H 'Accept-Encoding: gzip'
is "refreshed variant used again" "$(hdr Content-Encoding)" "gzip"

# ------------------------------------------------------ ETag and 304
req GET "$B/v/dev/css/app.css" -H 'Accept-Encoding: gzip'
tag_gz=$(hdr ETag)
check "ETag given" test -n "$tag_gz"
req GET "$B/v/dev/css/app.css"
tag_id=$(hdr ETag)
check "each encoding has its own ETag" test "$tag_gz" != "$tag_id"
rm -f "$T/body"
req GET "$B/v/dev/css/app.css" -H 'Accept-Encoding: gzip' -H "If-None-Match: $tag_gz"
check "If-None-Match with the tag: 304" st 304
check "304 has no body" test ! -s "$T/body"
is "304 repeats the ETag" "$(hdr ETag)" "$tag_gz"
req GET "$B/v/dev/css/app.css" -H 'Accept-Encoding: gzip' -H "If-None-Match: \"other\", W/$tag_gz"
check "a weak tag in a list matches" st 304
req GET "$B/v/dev/css/app.css" -H 'Accept-Encoding: gzip' -H "If-None-Match: $tag_id"
check "the identity tag does not match the gzip reply" st 200
req GET "$B/v/dev/css/app.css" -H 'If-None-Match: "nope"'
check "another tag: 200" st 200
req HEAD "$B/v/dev/css/app.css" -H 'Accept-Encoding: gzip' -I
check "HEAD answers" st 200

# ------------------------------------------------------ versions
req GET "$B/"
check "index.html served" st 200
ver=$(grep -o '/v/[0-9a-f]*/js/app.js' "$T/body" | head -1 | cut -d/ -f3)
check "the page names its assets with a hex version" test -n "$ver" -a "${#ver}" -ge 8
check "no /v/dev/ left in the page" body_lacks '/v/dev/'
is "the page is revalidated" "$(hdr Cache-Control)" "no-cache"
page_tag=$(hdr ETag)
req GET "$B/" -H "If-None-Match: $page_tag"
check "the unchanged page: 304" st 304
req GET "$B/v/$ver/js/app.js" -H 'Accept-Encoding: gzip'
check "versioned asset served" st 200
is "current version: immutable" "$(hdr Cache-Control)" "public, max-age=31536000, immutable"
req GET "$B/v/$ver/js/lib.js"
check "a relative import resolves under the version" st 200
is "and is immutable too" "$(hdr Cache-Control)" "public, max-age=31536000, immutable"
req GET "$B/v/0123456789ab/js/app.js"
check "an old version still serves the file" st 200
is "but only for revalidation" "$(hdr Cache-Control)" "no-cache"
req GET "$B/js/app.js"
is "an unversioned path is revalidated" "$(hdr Cache-Control)" "no-cache"
# Any change in the folder changes the version the page names.
sleep 1.1
echo ".neu { color: red; }" >>"$W/css/app.css"
req GET "$B/"
ver2=$(grep -o '/v/[0-9a-f]*/js/app.js' "$T/body" | head -1 | cut -d/ -f3)
check "a changed file changes the version" test -n "$ver2" -a "$ver2" != "$ver"
req GET "$B/" -H "If-None-Match: $page_tag"
check "the page's old tag no longer matches" st 200
req GET "$B/v/$ver/css/app.css"
is "the old version is no longer immutable" "$(hdr Cache-Control)" "no-cache"
# Same content, new times: the version stays (it hashes content, not times).
touch "$W/js/lib.js"
sleep 1.1
req GET "$B/"
ver3=$(grep -o '/v/[0-9a-f]*/js/app.js' "$T/body" | head -1 | cut -d/ -f3)
is "touching a file keeps the version" "$ver3" "$ver2"

# ------------------------------------------------------ refusals
for p in "/v/$ver/../secret" "/v//js/app.js" "/v/$ver" "/v/$ver/.hidden" "/v/$ver/js/app.js.gz/x"; do
  req GET "$B$p"
  check "refused: $p" st 404
done
ln -s "$W/js/app.js" "$W/js/link.js"
req GET "$B/v/$ver/js/link.js"
check "symlinks refused" st 404
req GET "$B/api/v1/routes"
is "API replies keep no-store" "$(hdr Cache-Control)" "no-store"

# ------------------------------------------------------ keep-alive
curl -sv -o /dev/null -o /dev/null "$B/v/$ver/js/app.js" "$B/v/$ver/css/app.css" 2>"$T/curl.log"
check "one connection serves two requests (keep-alive)" grep -qi "Re-using existing connection" "$T/curl.log"

summary

#!/usr/bin/env bash
# The Debian package: built by CPack from the build tree; its contents hold the program, the
# library, the plugins, the unit and the hosts' pieces under /usr; its dependencies name the
# libraries Sextant links (found by dpkg-shlibdeps).
#   deb_test.sh BUILD_DIR WORK_DIR
set -euo pipefail
build=$1 work=$2
rm -rf "$work"
mkdir -p "$work"
(cd "$work" && cpack -G DEB --config "$build/CPackConfig.cmake" > cpack.log 2>&1) || { cat "$work/cpack.log"; exit 1; }
deb=$(ls "$work"/sextant_*.deb)
dpkg-deb -c "$deb" | awk '{print $6}' > "$work/contents"
for f in ./usr/bin/sextant ./usr/include/sextant.h ./usr/lib/systemd/system/sextant.service \
         ./usr/share/sextant/php/sextant_ffi.h ./usr/lib/python3/dist-packages/sextant/__init__.py; do
  grep -qx "$f" "$work/contents" || { echo "not in the package: $f"; exit 1; }
done
grep -q '^./usr/lib/.*libsextant\.so\.1' "$work/contents" || { echo "no libsextant.so.1 in the package"; exit 1; }
grep -q '^./usr/lib/.*sextant/plugins/sextant-tracker-redmine\.so$' "$work/contents" || { echo "no plugins in the package"; exit 1; }
# Extracted to a file, not piped: with pipefail, `grep -q` leaving early could fail the pipeline.
dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/lib/systemd/system/sextant.service > "$work/sextant.service"
grep -qx "ExecStart=/usr/bin/sextant --config /etc/sextant/sextant.json serve" "$work/sextant.service" ||
  { echo "the unit does not run /usr/bin/sextant"; exit 1; }
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for lib in libc6 libcurl4 libsqlite3-0 libssl3 libboost-json1.81.0 libstdc++6 tzdata; do
  grep -q "$lib" <<< "$depends" || { echo "the package does not depend on $lib"; exit 1; }
done
[ "$(dpkg-deb -f "$deb" Package)" = sextant ]
echo "$(basename "$deb"): $(wc -l < "$work/contents") entries"

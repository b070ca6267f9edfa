#!/usr/bin/env bash
# cmake --install lays out a working Sextant: installs the build into a staging prefix and runs
# the demo from there, with nothing from the build tree; checks the layout's other pieces.
#   install_test.sh BUILD_DIR WORK_DIR
set -euo pipefail
build=$1 work=$2
rm -rf "$work"
mkdir -p "$work"
prefix="$work/prefix"
cmake --install "$build" --prefix "$prefix" > "$work/install.log"
libdir=$(cd "$prefix" && ls -d lib*/sextant/plugins | head -1 | xargs dirname | xargs dirname)

for f in bin/sextant "$libdir/libsextant.so.1" include/sextant.h include/sextant/plugin/tracker.hpp \
         "$libdir/pkgconfig/sextant.pc" "$libdir/cmake/Sextant/SextantConfig.cmake" \
         share/sextant/schemas/config.schema.json share/sextant/php/sextant_ffi.h share/sextant/php/Sextant.php \
         share/sextant/wordpress/sextant/sextant.php lib/python3/dist-packages/sextant/__init__.py \
         share/sextant/odoo/odoo_sextant/__manifest__.py lib/systemd/system/sextant.service \
         share/sextant/serve.sample.json; do
  [ -e "$prefix/$f" ] || { echo "missing from the install: $f"; exit 1; }
done
diff <(ls "$build/$libdir/sextant/plugins") <(ls "$prefix/$libdir/sextant/plugins") || { echo "the plugins differ"; exit 1; }
grep -q "^ExecStart=$prefix/bin/sextant --config /etc/sextant/sextant.json serve$" "$prefix/lib/systemd/system/sextant.service"
grep -qx "prefix=$prefix" "$prefix/$libdir/pkgconfig/sextant.pc"
grep -qx 'Libs: -L${libdir} -lsextant' "$prefix/$libdir/pkgconfig/sextant.pc"

# The demo from the staging prefix only: its plugins are the installed ones.
( cd "$work" && env -u SEXTANT_PLUGIN_PATH "$prefix/bin/sextant" --today 2026-11-26 demo --dir demo > demo.log )
grep -q "^Next: " "$work/demo.log"
env -u SEXTANT_PLUGIN_PATH "$prefix/bin/sextant" plugins | grep -q "^source demo 1.0.0  ok  $prefix/"
# The installed bridges find the installed library (not under the sanitizers: the interpreters
# are not built with them).
if ! ldd "$prefix/$libdir/libsextant.so.1" | grep -q libasan; then
  LD_LIBRARY_PATH="$prefix/$libdir" php -d ffi.enable=1 -r \
    "require '$prefix/share/sextant/php/Sextant.php'; exit(Sextant\Sextant::plugins() !== [] ? 0 : 1);"
  SEXTANT_LIBRARY="$prefix/$libdir/libsextant.so.1" PYTHONPATH="$prefix/lib/python3/dist-packages" \
    /usr/bin/python3 -c "import sextant, sys; sys.exit(0 if sextant.plugins() else 1)"
fi
echo "the install in $prefix runs the demo"

# The Debian package (cpack -G DEB in a build tree): the program, the library, the plugins, the
# headers and CMake package, the schemas, the daemon's unit, the PHP, WordPress, Python and Odoo
# pieces. Its library dependencies are found by dpkg-shlibdeps.
set(CPACK_PACKAGE_NAME sextant)
set(CPACK_PACKAGE_VENDOR "Sextant")
set(CPACK_PACKAGE_CONTACT "Sextant maintainers <maintainers@sextant.dev>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Year plans for online shops: live metrics, tracker tasks, a steering dashboard")
set(CPACK_PACKAGE_DESCRIPTION "Sextant plans an online shop's year in seven steps, pulls live metrics from the\n shop's API, pushes the action plan into the team's tracker and serves the steering\n dashboard. It runs as a command, as a daemon, or inside PHP and Python hosts.")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Not libraries, but what the pieces need at run time.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "tzdata, ca-certificates")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "php-cli, python3, chromium")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
include(CPack)

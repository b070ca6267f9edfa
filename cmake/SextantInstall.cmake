# Installs the plugin API headers and the CMake package (find_package(Sextant)), the schemas,
# the examples, and (from their own folders) the programs and plugins.
include(CMakePackageConfigHelpers)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/core/include/sextant DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT dev)
install(TARGETS sextant_plugin_api EXPORT SextantTargets)
install(EXPORT SextantTargets NAMESPACE sextant:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/Sextant COMPONENT dev)

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/SextantConfig.cmake.in
  ${PROJECT_BINARY_DIR}/SextantConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/Sextant
  PATH_VARS CMAKE_INSTALL_DATADIR)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/SextantConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/SextantConfig.cmake
  ${PROJECT_BINARY_DIR}/SextantConfigVersion.cmake
  ${PROJECT_SOURCE_DIR}/cmake/SextantPlugin.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/Sextant COMPONENT dev)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/schemas/ DESTINATION ${CMAKE_INSTALL_DATADIR}/sextant/schemas)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/examples/ DESTINATION ${CMAKE_INSTALL_DATADIR}/sextant/examples)

# pkg-config for C hosts linking libsextant.
# Written when installing, for the prefix installed to.
install(CODE "
  set(SEXTANT_PREFIX \"\${CMAKE_INSTALL_PREFIX}\")
  set(CMAKE_INSTALL_LIBDIR ${CMAKE_INSTALL_LIBDIR})
  set(CMAKE_INSTALL_INCLUDEDIR ${CMAKE_INSTALL_INCLUDEDIR})
  set(PROJECT_VERSION ${PROJECT_VERSION})
  configure_file(\"${PROJECT_SOURCE_DIR}/cmake/sextant.pc.in\" \"${PROJECT_BINARY_DIR}/install/sextant.pc\" @ONLY)
" COMPONENT dev)
install(FILES ${PROJECT_BINARY_DIR}/install/sextant.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT dev)

# The hosts' pieces: the PHP bridge (also beside the WordPress plugin, which looks for it there),
# the WordPress plugin, the Python package (on Debian's path for system packages) and the Odoo addon.
install(FILES ${PROJECT_SOURCE_DIR}/host-adapters/php/src/Sextant.php DESTINATION ${CMAKE_INSTALL_DATADIR}/sextant/php COMPONENT php)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/host-adapters/php/wordpress/sextant DESTINATION ${CMAKE_INSTALL_DATADIR}/sextant/wordpress COMPONENT php)
install(FILES ${PROJECT_SOURCE_DIR}/host-adapters/php/src/Sextant.php DESTINATION ${CMAKE_INSTALL_DATADIR}/sextant/wordpress/sextant COMPONENT php)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/host-adapters/python/sextant DESTINATION lib/python3/dist-packages COMPONENT python
  PATTERN __pycache__ EXCLUDE)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/host-adapters/python/odoo_sextant DESTINATION ${CMAKE_INSTALL_DATADIR}/sextant/odoo COMPONENT python
  PATTERN __pycache__ EXCLUDE)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/sextant COMPONENT doc)

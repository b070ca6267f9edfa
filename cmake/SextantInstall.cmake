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

// The toolchain fingerprint: what must match between a host and a plugin for C++ objects to
// cross the boundary safely (vtables, std:: types, Boost.JSON values).
#pragma once

#include <boost/version.hpp>

#define SEXTANT_STRINGIFY_IMPL(x) #x
#define SEXTANT_STRINGIFY(x) SEXTANT_STRINGIFY_IMPL(x)

#if defined(__clang__)
#define SEXTANT_COMPILER "clang-" __clang_version__
#elif defined(__GNUC__)
#define SEXTANT_COMPILER "gcc-" __VERSION__
#else
#define SEXTANT_COMPILER "unknown-compiler"
#endif

#if defined(_GLIBCXX_RELEASE)
#define SEXTANT_STDLIB "libstdc++-" SEXTANT_STRINGIFY(_GLIBCXX_RELEASE) "-abi" SEXTANT_STRINGIFY(_GLIBCXX_USE_CXX11_ABI)
#elif defined(_LIBCPP_VERSION)
#define SEXTANT_STDLIB "libc++-" SEXTANT_STRINGIFY(_LIBCPP_VERSION)
#else
#define SEXTANT_STDLIB "unknown-stdlib"
#endif

/// e.g. "gcc-12.2.0;libstdc++-12-abi1;boost-108100"
#define SEXTANT_TOOLCHAIN SEXTANT_COMPILER ";" SEXTANT_STDLIB ";boost-" SEXTANT_STRINGIFY(BOOST_VERSION)

/* Sextant plugin descriptor: the C-layout record a host reads before touching any C++ symbol.
 * Every plugin exports one, named SEXTANT_PLUGIN_DESCRIPTOR_SYMBOL, with C linkage. */
#ifndef SEXTANT_PLUGIN_ABI_H
#define SEXTANT_PLUGIN_ABI_H

#include <stdint.h>

/* Bump rules.
 * MAJOR: any change to a plugin-implemented interface (Source, Tracker, the factories), to a value
 *        type that crosses the boundary, or to the layout of fields already in this struct.
 * MINOR: the host-implemented Host gains a method at its end, or this struct gains a trailing
 *        field. A host accepts plugins of its major and of any minor up to its own. */
#define SEXTANT_PLUGIN_ABI_MAJOR 6
#define SEXTANT_PLUGIN_ABI_MINOR 1

#define SEXTANT_PLUGIN_DESCRIPTOR_SYMBOL "sextant_plugin"
#define SEXTANT_SOURCE_FACTORY_ALIAS "sextant_source_factory"
#define SEXTANT_TRACKER_FACTORY_ALIAS "sextant_tracker_factory"

typedef struct sextant_plugin_descriptor {
  uint32_t size;          /* sizeof(sextant_plugin_descriptor) as the plugin was built */
  uint16_t abi_major;     /* SEXTANT_PLUGIN_ABI_MAJOR the plugin was built with */
  uint16_t abi_minor;     /* SEXTANT_PLUGIN_ABI_MINOR the plugin was built with */
  const char* toolchain;  /* SEXTANT_TOOLCHAIN: compiler, standard library and Boost it was built with */
  const char* kind;       /* "source" or "tracker" */
  const char* name;       /* short name, e.g. "demo"; the file is sextant-<kind>-<name>.so */
  const char* version;    /* the plugin's own version, e.g. "1.0.0" */
} sextant_plugin_descriptor;

#endif

/*
 * Stable C ABI for plugins. C++ plugins include this header too, so the declarations are wrapped
 * in extern "C" when compiled as C++.
 */
#ifndef PLUGIN_API_H
#define PLUGIN_API_H

#include <stdint.h>

#if defined(_WIN32)
#  define PLUGIN_EXPORT __declspec(dllexport)
#else
#  define PLUGIN_EXPORT __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef struct plugin_host plugin_host;

typedef struct {
    uint32_t abi_version;
    const char *name;
    int (*init)(plugin_host *host);
    void (*shutdown)(void);
} plugin_descriptor;

PLUGIN_EXPORT const plugin_descriptor *plugin_entry(void);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* PLUGIN_API_H */

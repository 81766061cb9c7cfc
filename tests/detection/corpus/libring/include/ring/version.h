#pragma once

#define RING_VERSION_MAJOR 1
#define RING_VERSION_MINOR 4
#define RING_VERSION_PATCH 0

#define RING_STRINGIFY_(x) #x
#define RING_STRINGIFY(x) RING_STRINGIFY_(x)
#define RING_VERSION_STRING                                                                   \
    RING_STRINGIFY(RING_VERSION_MAJOR) "." RING_STRINGIFY(RING_VERSION_MINOR) "." RING_STRINGIFY( \
        RING_VERSION_PATCH)

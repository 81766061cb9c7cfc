// Engine interface. The extern "C" block is for the scripting bridge; the rest is C++.
#pragma once

#include <cstddef>

extern "C" {
int engine_version();
}

struct EngineStats {
    std::size_t frames = 0;
    double average_ms = 0.0;
};

class Engine;
Engine* create_engine(const char* name);
void destroy_engine(Engine* engine) noexcept;

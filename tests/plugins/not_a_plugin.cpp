// A shared object with no ax entry point.
extern "C" int not_a_plugin_function() { return 42; }

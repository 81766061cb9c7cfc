from conan import ConanFile
from conan.tools.cmake import CMake, cmake_layout


class GeomConan(ConanFile):
    name = "geom"
    version = "0.9.0"
    settings = "os", "compiler", "build_type", "arch"
    generators = "CMakeToolchain", "CMakeDeps"
    requires = "catch2/3.5.0"

    def layout(self):
        cmake_layout(self)

    def build(self):
        cmake = CMake(self)
        cmake.configure()
        cmake.build()

#include <catch2/catch_test_macros.hpp>

#include "geom/vec.hpp"

TEST_CASE("vector arithmetic") {
    geom::Vec2f a{1, 2}, b{3, 4};
    CHECK((a + b).x == 4);
    CHECK(a.dot(b) == 11);
    CHECK(geom::Vec2f{3, 4}.length() == 5);
}

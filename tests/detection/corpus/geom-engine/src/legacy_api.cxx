// C entry points for the old plugin ABI, implemented on top of the C++ shapes.
#include "geom/shape.hh"

extern "C" {

float geom_circle_area(float x, float y, float radius)
{
    return geom::make_circle({x, y}, radius)->area();
}

}

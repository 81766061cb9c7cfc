#version 330 core
in vec2 uv;
out vec4 color;
uniform sampler2D image;
uniform vec3 tint;

void main() {
    vec4 base = texture(image, uv);
    color = vec4(base.rgb * tint, base.a);
}

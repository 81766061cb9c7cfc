x, y = 100.0, 100.0
dx, dy = 2.5, 1.75


def setup():
    size(400, 300)


def draw():
    global x, y, dx, dy
    background(32)
    x += dx
    y += dy
    if x < 0 or x > width:
        dx = -dx
    if y < 0 or y > height:
        dy = -dy
    ellipse(x, y, 20, 20)

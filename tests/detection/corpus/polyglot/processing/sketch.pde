float angle = 0;

void setup() {
  size(400, 400);
  noStroke();
}

void draw() {
  background(20);
  translate(width / 2, height / 2);
  rotate(angle);
  fill(255, 120, 0);
  rect(-50, -50, 100, 100);
  angle += 0.02;
}

clear()
setSpeed(fast)
def spiral(size: Int): Unit = {
  if (size < 300) {
    forward(size)
    right(91)
    spiral(size + 2)
  }
}
spiral(1)

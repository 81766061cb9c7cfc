import upickle.default.*

case class Point(x: Int, y: Int) derives ReadWriter

@main def run(args: String*): Unit =
  val points = args.toList.map(_.split(",")).collect { case Array(x, y) => Point(x.toInt, y.toInt) }
  println(write(points, indent = 2))

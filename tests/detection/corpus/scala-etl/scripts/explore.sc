// Scala CLI worksheet: quick look at an input file.
//> using scala 3.3
//> using dep com.lihaoyi::os-lib:0.9.3

val lines = os.read.lines(os.pwd / "sample.psv")
println(s"${lines.size} lines")
lines.take(5).foreach(println)
val users = lines.flatMap(_.split('|').lift(1)).distinct
println(s"users: ${users.mkString(", ")}")

//> using scala 3.3
//> using dep com.lihaoyi::os-lib:0.9.1

@main def hello(name: String): Unit =
  val home = os.home
  println(s"Hello $name, your home is $home")

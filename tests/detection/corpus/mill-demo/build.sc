import mill._, scalalib._

object app extends ScalaModule {
  def scalaVersion = "3.3.1"
  def ivyDeps = Agg(ivy"com.lihaoyi::upickle:3.1.3")

  object test extends ScalaTests with TestModule.Munit {
    def ivyDeps = Agg(ivy"org.scalameta::munit:0.7.29")
  }
}

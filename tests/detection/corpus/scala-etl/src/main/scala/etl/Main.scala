package etl

import cats.effect.{ExitCode, IO, IOApp}
import fs2.io.file.{Files, Path}
import fs2.text

object Main extends IOApp:
  def run(args: List[String]): IO[ExitCode] =
    args match
      case in :: out :: Nil =>
        Files[IO]
          .readAll(Path(in))
          .through(text.utf8.decode)
          .through(text.lines)
          .filter(_.nonEmpty)
          .map(Record.parse)
          .collect { case Right(r) => r.toCsv }
          .intersperse("\n")
          .through(text.utf8.encode)
          .through(Files[IO].writeAll(Path(out)))
          .compile
          .drain
          .as(ExitCode.Success)
      case _ =>
        IO.println("usage: etl IN OUT").as(ExitCode(2))

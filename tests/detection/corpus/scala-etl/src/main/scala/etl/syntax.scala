package etl

trait Show[A]:
  extension (a: A) def show: String

given Show[Record] with
  extension (r: Record) def show: String = s"#${r.id} ${r.user} ${r.amount}"

given Show[Int] = new Show[Int]:
  extension (i: Int) def show: String = i.toString

def describe[A: Show](as: Seq[A]): String = as.map(_.show).mkString(", ")

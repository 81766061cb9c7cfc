package etl.legacy

import scala.collection.mutable

/** Scala 2 style aggregation kept for the nightly batch job. */
object Aggregates {
  def totalsByUser(records: Iterator[etl.Record]): Map[String, BigDecimal] = {
    val totals = mutable.Map.empty[String, BigDecimal].withDefaultValue(BigDecimal(0))
    records.foreach { r =>
      totals(r.user) += r.amount
    }
    totals.toMap
  }

  implicit class RichMap(val m: Map[String, BigDecimal]) extends AnyVal {
    def top(n: Int): Seq[(String, BigDecimal)] = m.toSeq.sortBy(-_._2).take(n)
  }
}

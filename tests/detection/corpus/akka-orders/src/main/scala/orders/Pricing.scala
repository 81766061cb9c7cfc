package orders

trait Pricing {
  def priceOf(sku: String): BigDecimal
}

object Pricing {
  implicit val default: Pricing = new Pricing {
    private val table = Map("apple" -> BigDecimal("0.40"), "pear" -> BigDecimal("0.55"))
    def priceOf(sku: String): BigDecimal = table.getOrElse(sku, BigDecimal(0))
  }

  def total(items: Map[String, Int])(implicit pricing: Pricing): BigDecimal =
    items.iterator.map { case (sku, n) => pricing.priceOf(sku) * n }.sum
}

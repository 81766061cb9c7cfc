package orders

import org.scalatest.flatspec.AnyFlatSpec
import org.scalatest.matchers.should.Matchers

class PricingSpec extends AnyFlatSpec with Matchers {
  "Pricing.total" should "multiply quantities by unit prices" in {
    Pricing.total(Map("apple" -> 3, "pear" -> 2)) shouldBe BigDecimal("2.30")
  }

  it should "price unknown items at zero" in {
    Pricing.total(Map("durian" -> 1)) shouldBe BigDecimal(0)
  }
}

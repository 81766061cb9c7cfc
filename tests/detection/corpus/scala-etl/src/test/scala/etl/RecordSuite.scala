package etl

class RecordSuite extends munit.FunSuite:
  test("parses a well-formed line") {
    val r = Record.parse("7|ada|2024-01-01T00:00:00Z|12.50")
    assertEquals(r.map(_.user), Right("ada"))
  }

  test("rejects lines with missing fields") {
    assert(Record.parse("7|ada").isLeft)
  }

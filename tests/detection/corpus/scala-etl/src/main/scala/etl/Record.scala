package etl

import java.time.Instant
import scala.util.Try

final case class Record(id: Long, user: String, at: Instant, amount: BigDecimal):
  def toCsv: String = s"$id,$user,${at.getEpochSecond},$amount"

object Record:
  enum ParseError:
    case WrongFieldCount(n: Int)
    case BadNumber(field: String)

  def parse(line: String): Either[ParseError, Record] =
    line.split('|').toList match
      case id :: user :: at :: amount :: Nil =>
        (for
          i <- Try(id.toLong)
          t <- Try(Instant.parse(at))
          a <- Try(BigDecimal(amount))
        yield Record(i, user, t, a)).toEither.left.map(_ => ParseError.BadNumber(line))
      case other => Left(ParseError.WrongFieldCount(other.size))

namespace java com.example.calc
namespace py calc

exception DivideByZero {
  1: string message
}

service Calculator {
  i64 add(1: i64 a, 2: i64 b),
  double divide(1: double a, 2: double b) throws (1: DivideByZero error)
}

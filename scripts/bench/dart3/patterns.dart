// Patterns: switch statements and expressions, guards, if-case, list/map/object patterns.
sealed class Shape {}

final class Circle extends Shape {
  Circle(this.radius);
  final double radius;
}

final class Square extends Shape {
  Square(this.side);
  final double side;
}

double area(Shape shape) => switch (shape) {
      Circle(radius: final r) => 3.14159 * r * r,
      Square(:final side) => side * side,
    };

String describe(Object? value) => switch (value) {
      null => 'nothing',
      int n when n < 0 => 'negative',
      int() || double() => 'number',
      [] => 'empty list',
      [final first, ...final rest] => 'list starting with $first and ${rest.length} more',
      {'type': 'user', 'id': int id} => 'user $id',
      String s && (== 'yes' || == 'no') => 'answer $s',
      _ => 'something else',
    };

void handle(Map<String, Object?> json) {
  if (json case {'name': String name, 'tags': [String firstTag, ...]}) {
    print('$name tagged $firstTag');
  }
  switch (json['count']) {
    case int count when count > 10:
      print('many');
    case 0 || 1:
      print('few');
    case final other?:
      print('count $other');
    default:
      print('none');
  }
}

int fib(int n) {
  return switch (n) { 0 || 1 => n, _ => fib(n - 1) + fib(n - 2) };
}

void relational(int code) {
  final kind = switch (code) {
    >= 200 && < 300 => 'success',
    >= 400 && < 500 => 'client error',
    >= 500 => 'server error',
    _ => 'other',
  };
  print(kind);
}

// Records: positional and named fields, record types, destructuring.
(double, double) midpoint((double, double) a, (double, double) b) =>
    ((a.$1 + b.$1) / 2, (a.$2 + b.$2) / 2);

({String name, int age}) person(String name, int age) => (name: name, age: age);

typedef Span = ({int start, int end});

int width(Span span) => span.end - span.start;

(int, {bool ok}) parse(String text) {
  final value = int.tryParse(text);
  return (value ?? 0, ok: value != null);
}

void main() {
  final (x, y) = midpoint((0, 0), (4, 2));
  final (:name, :age) = person('Ada', 36);
  var (count, ok: valid) = parse('42');
  print('$x $y $name $age $count $valid');
  final Span span = (start: 3, end: 10);
  print(width(span));
  final List<(String, int)> pairs = [('a', 1), ('b', 2)];
  for (final (letter, number) in pairs) {
    print('$letter=$number');
  }
}

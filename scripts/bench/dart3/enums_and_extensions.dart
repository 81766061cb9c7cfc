// Enhanced enums, extension methods, extension types (Dart 3.3), generics and late/required.
enum Planet implements Comparable<Planet> {
  mercury(mass: 3.303e+23, radius: 2.4397e6),
  earth(mass: 5.976e+24, radius: 6.37814e6);

  const Planet({required this.mass, required this.radius});

  final double mass;
  final double radius;

  double get surfaceGravity => 6.67300e-11 * mass / (radius * radius);

  @override
  int compareTo(Planet other) => mass.compareTo(other.mass);
}

extension StringCase on String {
  String get capitalized => isEmpty ? this : this[0].toUpperCase() + substring(1);
  bool get isBlank => trim().isEmpty;
}

extension type const UserId(int value) implements Object {
  UserId.parse(String text) : this(int.parse(text));
  bool get isValid => value > 0;
}

class Cache<K extends Object, V> {
  Cache({required this.capacity, this.onEvict});

  final int capacity;
  final void Function(K key, V value)? onEvict;
  late final Map<K, V> _entries = {};

  V? operator [](K key) => _entries[key];

  void operator []=(K key, V value) {
    if (_entries.length >= capacity && !_entries.containsKey(key)) {
      final oldest = _entries.keys.first;
      onEvict?.call(oldest, _entries.remove(oldest) as V);
    }
    _entries[key] = value;
  }
}

Future<void> main() async {
  final cache = Cache<String, int>(capacity: 2, onEvict: (k, v) => print('evict $k'));
  cache['a'] = 1;
  final id = UserId.parse('7');
  print('${'dart'.capitalized} ${Planet.earth.surfaceGravity} ${id.isValid}');
  await for (final tick in Stream.periodic(const Duration(milliseconds: 1), (i) => i).take(2)) {
    print(tick);
  }
  final values = [for (var i = 0; i < 3; i++) if (i.isEven) i * i];
  final lookup = {...{'x': 1}, if (values.isNotEmpty) 'first': values.first};
  print(lookup);
}

// Class modifiers (Dart 3): sealed, base, interface, final, mixin class, abstract combinations.
abstract interface class Repository<T> {
  Future<T?> find(String id);
  Future<void> save(T value);
}

base class Entity {
  Entity(this.id);
  final String id;
}

final class User extends Entity {
  User(super.id, {required this.email});
  final String email;
}

interface class Clock {
  DateTime now() => DateTime.now();
}

mixin class Describable {
  String describe() => runtimeType.toString();
}

abstract base mixin class Auditable {
  final List<String> log = [];
  void audit(String entry) => log.add(entry);
}

sealed class Result<T> {
  const Result();
}

final class Ok<T> extends Result<T> {
  const Ok(this.value);
  final T value;
}

final class Err<T> extends Result<T> {
  const Err(this.message);
  final String message;
}

class InMemoryUsers with Describable implements Repository<User> {
  final _users = <String, User>{};

  @override
  Future<User?> find(String id) async => _users[id];

  @override
  Future<void> save(User value) async {
    _users[value.id] = value;
  }
}

String show<T>(Result<T> result) => switch (result) {
      Ok(:final value) => 'ok: $value',
      Err(:final message) => 'error: $message',
    };

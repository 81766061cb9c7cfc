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

String describe(Result<num> result) => switch (result) {
      Ok(:final value) => 'ok: $value',
      Err(:final message) => 'error: $message',
    };

import 'dart:io';

import 'package:test/test.dart';
import 'package:todo_cli/todo_store.dart';

void main() {
  late Directory dir;

  setUp(() async => dir = await Directory.systemTemp.createTemp('todo'));
  tearDown(() async => dir.delete(recursive: true));

  test('added todos are loaded back in order', () async {
    final store = TodoStore(File('${dir.path}/todo.json'));
    await store.add('milk');
    await store.add('bread');
    expect(await store.load(), ['milk', 'bread']);
  });
}

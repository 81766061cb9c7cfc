import 'dart:io';

import 'package:args/args.dart';
import 'package:todo_cli/todo_store.dart';

Future<void> main(List<String> arguments) async {
  final parser = ArgParser()
    ..addCommand('add')
    ..addCommand('list')
    ..addFlag('help', abbr: 'h', negatable: false);
  final results = parser.parse(arguments);
  final store = TodoStore(File('${Platform.environment['HOME']}/.todo.json'));

  switch (results.command?.name) {
    case 'add':
      await store.add(results.command!.rest.join(' '));
    case 'list':
      for (final (index, todo) in (await store.load()).indexed) {
        stdout.writeln('${index + 1}. $todo');
      }
    default:
      stdout.writeln('usage: todo <add|list> [text]\n${parser.usage}');
  }
}

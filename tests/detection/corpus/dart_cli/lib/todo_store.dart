import 'dart:convert';
import 'dart:io';

class TodoStore {
  TodoStore(this.file);

  final File file;

  Future<List<String>> load() async {
    if (!await file.exists()) return [];
    final decoded = jsonDecode(await file.readAsString()) as List<dynamic>;
    return decoded.cast<String>();
  }

  Future<void> add(String todo) async {
    final todos = await load()..add(todo);
    await file.writeAsString(jsonEncode(todos));
  }
}

import 'dart:async';

/// Debounces keystrokes before asking [search] for city suggestions.
class CitySearch {
  CitySearch(this.search, {this.delay = const Duration(milliseconds: 300)});

  final Future<List<String>> Function(String query) search;
  final Duration delay;
  final _results = StreamController<List<String>>.broadcast();
  Timer? _timer;

  Stream<List<String>> get results => _results.stream;

  void onQueryChanged(String query) {
    _timer?.cancel();
    if (query.trim().length < 2) {
      _results.add(const []);
      return;
    }
    _timer = Timer(delay, () async => _results.add(await search(query.trim())));
  }

  Future<void> dispose() async {
    _timer?.cancel();
    await _results.close();
  }
}

// A Flutter-style widget tree with Dart 3 features mixed in.
import 'package:flutter/material.dart';

sealed class LoadState {}

class Loading extends LoadState {}

class Loaded extends LoadState {
  Loaded(this.items);
  final List<String> items;
}

class Failed extends LoadState {
  Failed(this.error);
  final Object error;
}

class ItemsPage extends StatefulWidget {
  const ItemsPage({super.key, required this.title});

  final String title;

  @override
  State<ItemsPage> createState() => _ItemsPageState();
}

class _ItemsPageState extends State<ItemsPage> {
  LoadState _state = Loading();

  @override
  void initState() {
    super.initState();
    _load();
  }

  Future<void> _load() async {
    try {
      final items = await Future.delayed(const Duration(milliseconds: 10), () => ['a', 'b']);
      setState(() => _state = Loaded(items));
    } catch (error) {
      setState(() => _state = Failed(error));
    }
  }

  @override
  Widget build(BuildContext context) {
    return Scaffold(
      appBar: AppBar(title: Text(widget.title)),
      body: switch (_state) {
        Loading() => const Center(child: CircularProgressIndicator()),
        Loaded(:final items) when items.isEmpty => const Center(child: Text('Nothing yet')),
        Loaded(:final items) => ListView.builder(
            itemCount: items.length,
            itemBuilder: (context, index) => ListTile(title: Text(items[index])),
          ),
        Failed(:final error) => Center(child: Text('Failed: $error')),
      },
    );
  }
}

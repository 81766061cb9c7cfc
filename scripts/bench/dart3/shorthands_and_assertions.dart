// Dart 3.10 dot shorthands, calls of null assertions, and patterns in `if case` and `for`.
import 'package:flutter/material.dart';

enum Mood { calm, busy }

class MoodTile extends StatelessWidget {
  const MoodTile({super.key, required this.mood, this.onTap, this.onMood});

  final Mood mood;
  final VoidCallback? onTap;
  final void Function(Mood)? onMood;

  Color get tint => switch (mood) {
        .calm => Colors.teal,
        .busy => Colors.orange,
      };

  @override
  Widget build(BuildContext context) {
    final EdgeInsets padding = .symmetric(horizontal: 12);
    return InkWell(
      onTap: () {
        if (onTap != null) onTap!();
        onMood?.call(mood);
        if (mood == .busy) onMood!(.calm);
      },
      child: Padding(padding: padding, child: Text(mood.name, style: TextStyle(color: tint))),
    );
  }
}

({String name, int count})? parseEntry(Map<String, Object?> json) {
  if (json case {'name': final String name, 'count': final int count} when count >= 0) {
    return (name: name, count: count);
  }
  return null;
}

int total(List<(String, int)> rows) {
  var sum = 0;
  for (final (_, n) in rows) {
    sum += n;
  }
  for (final (index, row) in rows.indexed) {
    if (index > 0 && row.$2 < 0) throw ArgumentError.value(row, 'rows');
  }
  return sum;
}

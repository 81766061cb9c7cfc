import 'dart:io';

/// Increments the build number (after the +) in pubspec.yaml.
void main() {
  final pubspec = File('pubspec.yaml');
  final text = pubspec.readAsStringSync();
  final updated = text.replaceFirstMapped(
    RegExp(r'^version: (\d+\.\d+\.\d+)\+(\d+)$', multiLine: true),
    (m) => 'version: ${m[1]}+${int.parse(m[2]!) + 1}',
  );
  pubspec.writeAsStringSync(updated);
}

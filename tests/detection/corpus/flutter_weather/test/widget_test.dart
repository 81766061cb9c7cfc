import 'package:flutter/material.dart';
import 'package:flutter_test/flutter_test.dart';
import 'package:flutter_weather/src/widgets/temperature_chip.dart';

void main() {
  testWidgets('shows a sun above 30 degrees', (tester) async {
    await tester.pumpWidget(const MaterialApp(home: TemperatureChip(celsius: 31)));
    expect(find.byIcon(Icons.wb_sunny), findsOneWidget);
    expect(find.text('31.0°C'), findsOneWidget);
  });
}

import 'package:flutter_test/flutter_test.dart';
import 'package:flutter_weather/src/units.dart';

void main() {
  group('TemperatureFormatting', () {
    test('converts to fahrenheit', () {
      expect(100.0.convert(TemperatureUnit.fahrenheit), 212);
    });

    test('formats with the unit symbol', () {
      expect(21.04.format(TemperatureUnit.celsius), '21.0°C');
    });
  });
}

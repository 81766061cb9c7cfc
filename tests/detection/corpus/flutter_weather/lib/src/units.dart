enum TemperatureUnit { celsius, fahrenheit }

extension TemperatureFormatting on double {
  double convert(TemperatureUnit unit) =>
      unit == TemperatureUnit.celsius ? this : this * 9 / 5 + 32;

  String format(TemperatureUnit unit) =>
      '${convert(unit).toStringAsFixed(1)}°${unit == TemperatureUnit.celsius ? 'C' : 'F'}';
}

mixin Refreshable {
  DateTime? lastRefresh;
  bool get isStale => lastRefresh == null || DateTime.now().difference(lastRefresh!) > const Duration(minutes: 30);
}

import 'package:flutter/material.dart';

import '../units.dart';

class TemperatureChip extends StatelessWidget {
  const TemperatureChip({super.key, required this.celsius, this.unit = TemperatureUnit.celsius});

  final double celsius;
  final TemperatureUnit unit;

  @override
  Widget build(BuildContext context) {
    final hot = celsius >= 30;
    return Chip(
      avatar: Icon(hot ? Icons.wb_sunny : Icons.thermostat, size: 16),
      label: Text(celsius.format(unit)),
      backgroundColor: hot ? Colors.orange.shade100 : null,
    );
  }
}
